from fastapi import FastAPI

from .jobs import setup_jobs

app = FastAPI()


@app.on_event("startup")
async def startup():
    setup_jobs()
