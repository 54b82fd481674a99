from datetime import timedelta

from celery import Celery
from celery.schedules import crontab

from app.core.config import settings

celery_app = Celery(
    "worker",
    broker=settings.CELERY_BROKER_URL,
    backend=settings.CELERY_RESULT_BACKEND,
    include=["app.worker.tasks", "app.worker.reports"],
)

celery_app.conf.task_routes = {"app.worker.tasks.*": {"queue": "main-queue"}}

beat_schedule = {
    "cleanup-expired-sessions": {
        "task": "app.worker.tasks.cleanup_expired_sessions",
        "schedule": crontab(minute=0, hour="*/3"),
    },
    "refresh-exchange-rates": {
        "task": "rates.refresh",
        "schedule": 300.0,
        "args": ("EUR",),
    },
    "sync-inventory": {
        "task": "app.worker.tasks.sync_inventory",
        "schedule": timedelta(minutes=5),
    },
    "weekly-digest": {
        "task": "reports.weekly_digest",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    "purge-uploads": {
        "task": "app.worker.tasks.purge_uploads",
        "schedule": settings.PURGE_INTERVAL_SECONDS,
    },
    "export-audit-log": {
        "task": "app.worker.tasks.export_audit_log",
        "schedule": settings.AUDIT_EXPORT_SECONDS,
    },
    "rebuild-search-index": {
        "task": "app.worker.search.rebuild_index",
        "schedule": 3600,
    },
}

celery_app.conf.beat_schedule = beat_schedule
celery_app.conf.timezone = "UTC"
