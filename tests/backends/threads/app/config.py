from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    cache_warm_seconds: int = 300


settings = Settings()
