from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    ROLE: str = "web"
    MAPS_KEY: str | None = None
    METRICS: bool = True


settings = Settings()
