"""
Batch resume scheduler.

Restarts batch jobs that are waiting in the ``queued`` state (for example
batches deferred because too many were running at once).
"""

import logging

from sqlalchemy import select

from src.config.settings import settings
from src.models.batch_job import BatchJob
from src.models.enums import BatchJobStatusEnum
from src.scheduler_instance import scheduler
from src.session.async_session import get_background_session

from .batch_service import process_batch_pages

logger = logging.getLogger(__name__)

JOB_ID = "batch_resume"


async def resume_queued_batches(batch_size: int = 3) -> None:
    """Move queued batches to processing and run them."""
    async with get_background_session() as session:
        async with session.begin():
            stmt = (
                select(BatchJob)
                .where(BatchJob.status == BatchJobStatusEnum.queued)
                .order_by(BatchJob.created_at)
                .limit(batch_size)
                .with_for_update(skip_locked=True)
            )
            batches = (await session.execute(stmt)).scalars().all()
            to_run = []
            for batch in batches:
                batch.status = BatchJobStatusEnum.processing
                to_run.append((batch.batch_id, list(batch.domains or []), dict(batch.options or {})))

    for batch_id, domains, options in to_run:
        logger.info("Resuming batch %s (%d domains)", batch_id, len(domains))
        try:
            await process_batch_pages(
                batch_id,
                domains,
                max_pages=options.get("max_pages", 5),
                max_concurrent=options.get("max_concurrent_jobs", 3),
            )
        except Exception as exc:
            logger.exception("Resumed batch %s crashed", batch_id)
            async with get_background_session() as session:
                async with session.begin():
                    batch = (
                        await session.execute(select(BatchJob).where(BatchJob.batch_id == batch_id))
                    ).scalars().first()
                    if batch is not None:
                        batch.status = BatchJobStatusEnum.failed
                        batch.error = str(exc)[:1000]


def setup_batch_resume_scheduler() -> None:
    """Register the batch resume job."""
    scheduler.add_job(
        resume_queued_batches,
        trigger="interval",
        minutes=settings.BATCH_RESUME_INTERVAL_MINUTES,
        id=JOB_ID,
        max_instances=1,
        coalesce=True,
        replace_existing=True,
        kwargs={"batch_size": settings.BATCH_RESUME_BATCH_SIZE},
    )
