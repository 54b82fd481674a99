"""Schedules added when the worker's configuration is ready."""

from celery.schedules import crontab

from app.worker.celery_app import celery_app
from app.worker.tasks import cleanup_expired_sessions, refresh_exchange_rates


@celery_app.task
def heartbeat() -> None:
    """Write the worker's heartbeat key."""


@celery_app.on_after_configure.connect
def setup_periodic_tasks(sender, **kwargs) -> None:
    sender.add_periodic_task(10.0, heartbeat.s(), name="heartbeat every 10s")
    sender.add_periodic_task(
        crontab(hour=3, minute=15), refresh_exchange_rates.s("USD"), name="usd-rates"
    )
    sender.add_periodic_task(kwargs["every"], cleanup_expired_sessions.s())
