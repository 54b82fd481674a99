from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    CLEANUP_SECONDS: int = 3600


settings = Settings()
