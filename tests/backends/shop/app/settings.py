from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    SHIP_MINUTES: int = 5


settings = Settings()
