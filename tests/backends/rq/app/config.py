from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    redis_url: str = "redis://localhost:6379/0"
    sync_seconds: int = 900
    digest_cron: str = "0 7 * * mon"


settings = Settings()
