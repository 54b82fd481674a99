from fastapi import FastAPI

from .runner import JobRunner
from .registry import register_all

app = FastAPI()


@app.on_event("startup")
def start():
    runner = JobRunner()
    runner.start()
    register_all()
