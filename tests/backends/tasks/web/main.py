import asyncio

from fastapi import FastAPI

from .routers import reports
from .workers.poller import poll_forever

app = FastAPI()
app.include_router(reports.router, prefix="/api/v3")


@app.on_event("startup")
async def start_poller():
    asyncio.create_task(poll_forever())
