from contextlib import asynccontextmanager

from fastapi import FastAPI

from .routers import domains, jobs, pages
from .services.scheduler import start_scheduler


@asynccontextmanager
async def lifespan(app: FastAPI):
    start_scheduler()
    yield


app = FastAPI(lifespan=lifespan)
app.include_router(jobs.router, prefix="/api/v1")
app.include_router(pages.router, prefix="/api/v1")
app.include_router(domains.router, prefix="/api/v1")
