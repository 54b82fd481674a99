"""A second, smaller worker for the outbox."""

from datetime import timedelta

from celery import Celery

mail_app = Celery("mailer", broker="redis://localhost:6379/2")
mail_app.conf.update(
    beat_schedule={
        "flush-outbox": {"task": "mailer.flush_outbox", "schedule": timedelta(seconds=30)},
    },
    timezone="UTC",
)


@mail_app.task(name="mailer.flush_outbox")
def flush_outbox() -> None:
    """Send the emails waiting in the outbox."""
