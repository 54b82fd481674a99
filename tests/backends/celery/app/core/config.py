from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    CELERY_BROKER_URL: str = "redis://localhost:6379/0"
    CELERY_RESULT_BACKEND: str = "redis://localhost:6379/1"
    PURGE_INTERVAL_SECONDS: int = 900
    AUDIT_EXPORT_SECONDS: float


settings = Settings()
