from fastapi import FastAPI
from fastapi_utils.tasks import repeat_every

from .jobs import start_jobs
from .settings import settings

app = FastAPI()


@app.on_event("startup")
@repeat_every(seconds=settings.CLEANUP_SECONDS)
def cleanup_tokens() -> None:
    """Remove expired tokens."""


@app.on_event("startup")
def boot() -> None:
    start_jobs()
