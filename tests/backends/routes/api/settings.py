from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    ENABLE_ADMIN: bool = False
    API_PREFIX: str = "/api/v3"


settings = Settings()
