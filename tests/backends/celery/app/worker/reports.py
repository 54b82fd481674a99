from celery import shared_task


@shared_task(name="reports.weekly_digest")
def weekly_digest() -> None:
    """Email the weekly sales digest to the managers."""
