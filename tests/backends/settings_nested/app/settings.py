from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class JobSettings(BaseModel):
    review_interval: int = 300
    digest_hour: int = 7


class MailSettings(BaseModel):
    retry_seconds: int = Field(default=45, alias="MAIL_RETRY")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_nested_delimiter="__")

    jobs: JobSettings = JobSettings()
    mail: MailSettings = Field(default_factory=MailSettings)
    debug: bool = False


settings = Settings()
