from pydantic_settings import BaseSettings

ROOT_PATH = "/api"


class Settings(BaseSettings):
    PROJECT_NAME: str = "Shop"
    API_V1_STR: str = "/api/v1"
    SUB_PATH: str = "internal"


settings = Settings()
