from contextlib import asynccontextmanager

from fastapi import FastAPI

from .jobs import import_time, unused_setup  # noqa: F401
from .jobs.maps import setup_maps
from .jobs.metrics import setup_metrics
from .jobs.worker import setup_worker
from .settings import settings


@asynccontextmanager
async def lifespan(app):
    if settings.ROLE == "worker":
        setup_worker()
    setup_maps()
    if settings.METRICS:
        setup_metrics()
    yield


app = FastAPI(lifespan=lifespan)
