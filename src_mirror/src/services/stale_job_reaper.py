"""
Nightly stale-job reaper.

Sitemap jobs left ``running`` and batches left ``processing`` for longer than
``STALE_JOB_THRESHOLD_HOURS`` (typically after a deploy killed the worker) are
marked failed so they stop showing as in progress.
"""

import logging
from datetime import datetime, timedelta, timezone

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import update

from ..config.settings import settings
from ..models.batch_job import BatchJob
from ..models.enums import BatchJobStatusEnum, JobStatusEnum
from ..models.job import Job
from ..scheduler_instance import scheduler
from ..session.async_session import get_background_session

logger = logging.getLogger(__name__)

JOB_ID = "stale_job_reaper"
REAPED_MESSAGE = "Marked failed by stale job reaper"


async def reap_stale_jobs() -> None:
    """Fail jobs and batches stuck in progress past the threshold."""
    cutoff = datetime.now(timezone.utc) - timedelta(hours=settings.STALE_JOB_THRESHOLD_HOURS)

    async with get_background_session() as session:
        async with session.begin():
            jobs_result = await session.execute(
                update(Job)
                .where(Job.status == JobStatusEnum.running, Job.updated_at < cutoff)
                .values(status=JobStatusEnum.failed, error=REAPED_MESSAGE)
            )
            batches_result = await session.execute(
                update(BatchJob)
                .where(BatchJob.status == BatchJobStatusEnum.processing, BatchJob.updated_at < cutoff)
                .values(status=BatchJobStatusEnum.failed, error=REAPED_MESSAGE, end_time=datetime.now(timezone.utc))
            )

    reaped = (jobs_result.rowcount or 0) + (batches_result.rowcount or 0)
    logger.info("Stale job reaper: %d job(s), %d batch(es) failed", jobs_result.rowcount, batches_result.rowcount)

    if reaped:
        from ..services.legacy_notifier import notify_admin

        await notify_admin(f"Stale job reaper failed {reaped} stuck job(s)")


def setup_stale_job_reaper() -> None:
    """Register the nightly reaper (03:15 UTC)."""
    scheduler.add_job(
        reap_stale_jobs,
        CronTrigger(hour=3, minute=15),
        id=JOB_ID,
        name="Nightly stale job reaper",
        max_instances=1,
        coalesce=True,
        replace_existing=True,
    )
    logger.info("Registered %s (daily 03:15 UTC)", JOB_ID)
