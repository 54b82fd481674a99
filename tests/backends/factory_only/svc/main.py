"""Served with ``uvicorn svc.main:create_app --factory``: no app at import time."""

import uvicorn
from fastapi import FastAPI

from svc.routers import orders


def create_app() -> FastAPI:
    application = FastAPI()
    application.include_router(orders.router, prefix="/orders")
    return application


if __name__ == "__main__":
    uvicorn.run("svc.main:create_app", factory=True)
