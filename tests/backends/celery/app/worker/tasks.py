"""The worker's tasks."""

import logging

from celery import shared_task

from app.worker.celery_app import celery_app

logger = logging.getLogger(__name__)


@celery_app.task
def cleanup_expired_sessions() -> int:
    """Delete sessions past their expiry.

    Outcome: signed-out users cannot reuse an old session cookie.
    """
    return 0


@celery_app.task(bind=True, name="rates.refresh", max_retries=3)
def refresh_exchange_rates(self, currency: str) -> None:
    """Fetch today's rates for one currency."""


@shared_task
def sync_inventory() -> None:
    """Pull stock levels from the warehouse system."""


@celery_app.task(name="app.worker.tasks.purge_uploads")
def purge_uploads() -> None:
    """Remove uploads nobody attached to an order."""


@celery_app.task
def export_audit_log() -> None:
    """Write the audit log to the archive bucket."""


@celery_app.task(name="emails.send_welcome")
def send_welcome_email(user_id: int) -> None:
    """Send the welcome email to a new user."""


@celery_app.task
def generate_report(report_id: int) -> None:
    """Render a report to PDF."""


@celery_app.task
def resize_image(path: str) -> str:
    """Make the thumbnails of an uploaded image."""
    return path


@celery_app.task
def notify_uploaded(path: str) -> None:
    """Tell the uploader that their image is ready."""


@celery_app.task
def index_upload(path: str) -> None:
    """Add an upload to the search index."""


@celery_app.task
def never_started() -> None:
    """A task nothing starts and no beat entry names."""
