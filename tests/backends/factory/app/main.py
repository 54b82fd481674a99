"""Application factory, as many FastAPI templates write it."""

import importlib

from fastapi import FastAPI

from app.api.routes import init_routers
from app.core.config import settings


def create_app() -> FastAPI:
    application = FastAPI(title=settings.PROJECT_NAME, openapi_url=f"{settings.API_V1_STR}/openapi.json")
    init_routers(application)
    application.include_router(health_router)
    add_plugins(application)
    return application


PLUGINS = ["billing"]


def add_plugins(application: FastAPI) -> None:
    for name in PLUGINS:
        plugin = importlib.import_module(f"app.plugins.{name}")
        application.include_router(plugin.router)


from app.api.routes.health import router as health_router  # noqa: E402

app = create_app()
