"""The API. The Celery worker and beat run in their own processes (app.worker.celery_app)."""

from fastapi import FastAPI

from app.api.routes import inventory, reports, uploads, users

app = FastAPI(title="Shop")
app.include_router(users.router, prefix="/api")
app.include_router(reports.router, prefix="/api")
app.include_router(inventory.router, prefix="/api")
app.include_router(uploads.router, prefix="/api")
