from apscheduler.schedulers.asyncio import AsyncIOScheduler

from app.config import settings
from app.services.sites import SiteChain
from app.services.tasks import JOB_SPECS, JOB_TABLE, JOBS


class SchedulerService:
    """Owns the application's scheduler."""

    def __init__(self):
        self._scheduler = AsyncIOScheduler(timezone="UTC")

    @property
    def scheduler(self):
        return self._scheduler

    async def heartbeat(self):
        """Write a heartbeat row."""

    def start(self):
        self._scheduler.add_job(self.heartbeat, "interval", seconds=30, id="heartbeat")
        self._scheduler.add_job(
            SiteChain().sync, "interval", minutes=settings.SITE_SYNC_MINUTES, id="site_sync"
        )
        chain = SiteChain()
        self._scheduler.add_job(chain.prune, "cron", hour=3, id="site_prune")
        self._register_lists()
        self._scheduler.add_job("app.jobs.01_legacy:run", "interval", hours=12, id="legacy")
        self._scheduler.start()

    def _register_lists(self):
        for job in JOBS:
            self._scheduler.add_job(**job)
        for spec in JOB_SPECS:
            self._scheduler.add_job(spec["func"], spec["trigger"], id=spec["id"], **spec["kwargs"])
        for job_id, (func, seconds) in JOB_TABLE.items():
            self._scheduler.add_job(func, "interval", seconds=seconds, id=job_id)

    def stop(self):
        self._scheduler.shutdown()


scheduler_service = SchedulerService()
