"""
Scheduler heartbeat.

Registers itself on the shared scheduler at import time via the
``scheduled_job`` decorator. Logs the registered jobs and checks that the
database is reachable, so a silent scheduler shows up in the logs.
"""

import logging

from ..config.settings import settings
from ..core.db_service import ping
from ..scheduler_instance import scheduler
from ..session.async_session import get_background_session

logger = logging.getLogger(__name__)


@scheduler.scheduled_job(
    "interval",
    minutes=settings.HEARTBEAT_INTERVAL_MINUTES,
    id="scheduler_heartbeat",
    max_instances=1,
    coalesce=True,
)
async def scheduler_heartbeat() -> None:
    """Log scheduler state and database reachability."""
    jobs = scheduler.get_jobs()
    next_runs = {job.id: job.next_run_time.isoformat() if job.next_run_time else None for job in jobs}
    async with get_background_session() as session:
        db_ok = await ping(session)
    logger.info("Heartbeat: %d job(s) registered, db_ok=%s, next runs=%s", len(jobs), db_ok, next_runs)
    if not db_ok:
        logger.error("Heartbeat: database unreachable through the pooler")
