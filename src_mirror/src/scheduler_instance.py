"""
Shared APScheduler instance.

Every background job in the application registers itself on this single
``AsyncIOScheduler``. The FastAPI lifespan in ``src.main`` starts it once and
shuts it down on exit.
"""

import logging

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler

logger = logging.getLogger(__name__)

scheduler = AsyncIOScheduler(
    timezone="UTC",
    job_defaults={"misfire_grace_time": 60},
)


def _job_listener(event: JobExecutionEvent) -> None:
    if event.exception:
        logger.error(
            "Scheduled job %s raised: %s", event.job_id, event.exception, exc_info=event.exception
        )
    elif event.code == EVENT_JOB_MISSED:
        logger.warning("Scheduled job %s missed its run time", event.job_id)
    else:
        logger.debug("Scheduled job %s executed", event.job_id)


scheduler.add_listener(_job_listener, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)


def start_scheduler() -> None:
    """Start the shared scheduler if it is not already running."""
    if scheduler.running:
        logger.info("Shared scheduler already running")
        return
    scheduler.start()
    logger.info("Shared scheduler started")


def shutdown_scheduler(wait: bool = False) -> None:
    """Stop the shared scheduler, optionally waiting for running jobs."""
    if not scheduler.running:
        return
    try:
        scheduler.shutdown(wait=wait)
        logger.info("Shared scheduler shut down")
    except Exception as exc:  # pragma: no cover - shutdown best effort
        logger.error("Error shutting down scheduler: %s", exc)
