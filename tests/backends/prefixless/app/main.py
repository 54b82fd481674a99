from contextlib import asynccontextmanager

from fastapi import FastAPI

from core.scheduler import scheduler
from services.cleanup import register_cleanup


@asynccontextmanager
async def lifespan(app):
    register_cleanup()
    scheduler.start()
    yield


app = FastAPI(lifespan=lifespan)
