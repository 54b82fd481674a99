from fastapi import FastAPI

from app.api.routes import activities, items, users
from app.core.config import ROOT_PATH, settings


def init_routers(app: FastAPI) -> None:
    app.include_router(items.router, prefix=settings.API_V1_STR)
    app.include_router(users.router, prefix=f"{settings.API_V1_STR}/users", tags=["users"])
    app.include_router(activities.router, prefix=ROOT_PATH + "/activities")
    app.include_router(activities.internal, prefix=f"/{settings.SUB_PATH}")
