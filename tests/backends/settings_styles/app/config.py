import os
from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings
from starlette.config import Config
from environs import Env

starlette_config = Config(".env")
env = Env()

REPORT_HOURS = int(os.getenv("REPORT_HOURS", "12"))
AUDIT_SECONDS = starlette_config("AUDIT_SECONDS", cast=int, default=45)
EXPORT_MINUTES = env.int("EXPORT_MINUTES", 20)


class Settings(BaseSettings):
    SYNC_MINUTES: int = 5
    SYNC_BATCH: int = Field(default=50, description="rows per run")
    PURGE_DAYS: int = Field(7)
    TOKEN: str | None = None


@lru_cache
def get_settings() -> Settings:
    return Settings()


settings = Settings()
