"""The API; RQ workers and the rq-scheduler process run separately."""

from fastapi import FastAPI

from app.api import uploads

app = FastAPI()
app.include_router(uploads.router, prefix="/api")
