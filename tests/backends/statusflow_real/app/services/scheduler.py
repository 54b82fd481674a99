from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import select

from ..db import SessionLocal
from ..models import Domain, Page, TaskStatus
from .repository import DomainService, JobService

scheduler = AsyncIOScheduler()


async def process_jobs():
    async with SessionLocal() as session:
        service = JobService(session)
        for job in await service.claim():
            await service.finish(job, True)


async def process_domains():
    async with SessionLocal() as session:
        await DomainService(session).claim()


async def process_pages():
    async with SessionLocal() as session:
        stmt = select(Page).where(Page.status == TaskStatus.QUEUED).limit(50)
        pages = (await session.execute(stmt)).scalars()
        for page in pages:
            page.status = TaskStatus.COMPLETE
        await session.commit()


async def process_scrapes():
    async with SessionLocal() as session:
        stmt = select(Page).where(Page.scrape_status == TaskStatus.QUEUED)
        for page in (await session.execute(stmt)).scalars():
            page.scrape_status = TaskStatus.COMPLETE
        await session.commit()


async def clean_domains():
    async with SessionLocal() as session:
        stmt = select(Domain).where(Domain.status == TaskStatus.ERROR)
        for domain in (await session.execute(stmt)).scalars():
            await session.delete(domain)
        await session.commit()


def start_scheduler():
    scheduler.add_job(process_jobs, "interval", seconds=30, id="process_jobs")
    scheduler.add_job(process_domains, "interval", minutes=1, id="process_domains")
    scheduler.add_job(process_pages, "interval", minutes=1, id="process_pages")
    scheduler.add_job(process_scrapes, "interval", minutes=5, id="process_scrapes")
    scheduler.add_job(clean_domains, "cron", hour=3, id="clean_domains")
    scheduler.start()
