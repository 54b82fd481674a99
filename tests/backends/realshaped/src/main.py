"""The FastAPI application: routers, and the scheduler started with it."""

from fastapi import FastAPI

from .routers import domains
from .scheduler_instance import scheduler
from .services.background.domain_scheduler import setup_domain_scheduler

app = FastAPI(title="Real-shaped backend")
app.include_router(domains.router, prefix="/api/v3")


@app.on_event("startup")
async def start() -> None:
    setup_domain_scheduler()
    scheduler.start()
