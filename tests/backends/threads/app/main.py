"""The application: starts the cache warmer thread at startup."""

import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.api import exports
from app.workers.cache_warmer import warm_forever


@asynccontextmanager
async def lifespan(app: FastAPI):
    warmer = threading.Thread(target=warm_forever, name="cache-warmer", daemon=True)
    warmer.start()
    yield


app = FastAPI(lifespan=lifespan)
app.include_router(exports.router, prefix="/api")
