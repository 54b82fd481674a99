from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.jobs import load_job_modules
from app.services.maintenance import MaintenanceScheduler
from app.services.scheduler import scheduler_service


@asynccontextmanager
async def lifespan(app: FastAPI):
    scheduler_service.start()
    load_job_modules(scheduler_service.scheduler)
    maintenance = MaintenanceScheduler()
    maintenance.start()
    yield
    scheduler_service.stop()


app = FastAPI(title="Sites", lifespan=lifespan)
