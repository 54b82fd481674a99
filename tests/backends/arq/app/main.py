"""The API: opens the arq pool at startup; the worker runs `arq app.worker.WorkerSettings`."""

from contextlib import asynccontextmanager

from arq import create_pool
from arq.connections import RedisSettings
from fastapi import FastAPI

from app.api import images, users
from app.config import settings


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.arq = await create_pool(RedisSettings.from_dsn(settings.redis_url))
    yield
    await app.state.arq.close()


app = FastAPI(lifespan=lifespan)
app.include_router(users.router, prefix="/api")
app.include_router(images.router, prefix="/api")
