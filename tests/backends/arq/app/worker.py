"""arq worker settings: `arq app.worker.WorkerSettings`."""

from arq import cron
from arq.connections import RedisSettings
from arq.worker import func

from app.config import settings
from app.tasks import (
    cleanup,
    poll,
    rebuild_search_index,
    resize,
    rotate_logs,
    send_digest,
    send_email,
    warm_cache,
)


class WorkerSettings:
    functions = [
        send_email,
        func(resize, name="resize"),
        func("app.tasks.generate_report", name="report"),
        rebuild_search_index,
        func("app.tasks.no_such_job"),
    ]
    cron_jobs = [
        cron(cleanup, hour={3}, minute=0),
        cron(poll, minute=set(range(0, 60, 5))),
        cron(send_digest, weekday="mon", hour={settings.digest_hour}, minute={0, 30}),
        cron(rotate_logs, hour=range(0, 24, 6), minute=range(5, 50, 15), name="logs"),
        cron(warm_cache, minute=30, run_at_startup=True),
    ]
    redis_settings = RedisSettings.from_dsn(settings.redis_url)
    max_jobs = 20
