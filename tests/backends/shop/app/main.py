"""The shop API."""
from contextlib import asynccontextmanager

from fastapi import FastAPI

from .jobs import setup_jobs
from .routers import orders

@asynccontextmanager
async def lifespan(app):
    setup_jobs()
    yield

app = FastAPI(lifespan=lifespan)
app.include_router(orders.router, prefix="/api/v3")


@app.get("/ping")
def ping():
    return "pong"
