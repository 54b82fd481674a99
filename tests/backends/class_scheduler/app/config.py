from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    SITE_SYNC_MINUTES: int = 5
    REPORT_HOUR: int = 6


settings = Settings()
