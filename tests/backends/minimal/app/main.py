from fastapi import FastAPI

from .scheduler import scheduler
from .services.cleanup import setup_cleanup

app = FastAPI()


@app.on_event("startup")
async def start() -> None:
    setup_cleanup()
    scheduler.start()
