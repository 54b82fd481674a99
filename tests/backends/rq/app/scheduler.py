"""Repeating jobs, registered with rq-scheduler by `python -m app.scheduler`."""

from datetime import datetime

from rq_scheduler import Scheduler

from app.config import settings
from app.jobs import archive_2030, ping_suppliers, refresh_rates, sync_inventory
from app.queue import q, redis

scheduler = Scheduler(queue=q, connection=redis)


def schedule_jobs() -> None:
    scheduler.schedule(
        scheduled_time=datetime.utcnow(), func=refresh_rates, interval=60, repeat=None
    )
    scheduler.schedule(datetime.utcnow(), sync_inventory, interval=settings.sync_seconds)
    scheduler.cron("*/5 * * * *", func=ping_suppliers, queue_name="default")
    scheduler.cron(settings.digest_cron, func="app.jobs.send_digest")
    scheduler.schedule(scheduled_time=datetime(2030, 1, 1), func=archive_2030)
    scheduler.cron("@hourly", func=refresh_rates)


if __name__ == "__main__":
    schedule_jobs()
