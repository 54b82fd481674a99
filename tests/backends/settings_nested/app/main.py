from contextlib import asynccontextmanager

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from fastapi import FastAPI

import config
from app.jobs import tasks
from app.settings import settings

scheduler = AsyncIOScheduler()


@asynccontextmanager
async def lifespan(app: FastAPI):
    scheduler.add_job(tasks.review, "interval", seconds=settings.jobs.review_interval)
    scheduler.add_job(tasks.digest, "cron", hour=settings.jobs.digest_hour)
    scheduler.add_job(tasks.retry_mail, "interval", seconds=settings.mail.retry_seconds)
    scheduler.add_job(tasks.cleanup, "interval", minutes=config.CLEANUP_MINUTES)
    scheduler.add_job(tasks.report, "cron", hour=config.REPORT_HOUR)
    scheduler.start()
    yield


app = FastAPI(lifespan=lifespan)
