from apscheduler.schedulers.asyncio import AsyncIOScheduler

from .config import AUDIT_SECONDS, EXPORT_MINUTES, REPORT_HOURS, get_settings, settings

scheduler = AsyncIOScheduler()


async def sync(): ...
async def purge(): ...
async def report(): ...
async def audit(): ...
async def export(): ...
async def fallback(): ...


def setup_jobs():
    scheduler.add_job(sync, "interval", minutes=settings.SYNC_MINUTES, kwargs={"batch": settings.SYNC_BATCH})
    scheduler.add_job(purge, "interval", days=get_settings().PURGE_DAYS)
    scheduler.add_job(report, "interval", hours=REPORT_HOURS)
    scheduler.add_job(audit, "interval", seconds=AUDIT_SECONDS)
    scheduler.add_job(export, "interval", minutes=EXPORT_MINUTES)
    scheduler.add_job(fallback, "interval", minutes=getattr(settings, "FALLBACK_MINUTES", 15))
    _late_setup()


def _late_setup():
    from .config import settings as late

    scheduler.add_job(sync, "interval", minutes=late.SYNC_MINUTES * 2, id="sync_slow")
