"""Settings read from the environment."""

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    """Every tunable of the backend."""

    database_url: str = "postgresql+asyncpg://localhost/scrapersky"
    domain_scheduler_interval_minutes: int = 1
    domain_scheduler_batch_size: int = 10


settings = Settings()
