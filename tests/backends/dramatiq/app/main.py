"""The API; dramatiq workers run separately (`dramatiq app.tasks`)."""

from fastapi import FastAPI

from app.api import orders, users

app = FastAPI()
app.include_router(users.router, prefix="/api")
app.include_router(orders.router, prefix="/api")
