"""The RQ queues; workers run `rq worker default reports`."""

from redis import Redis
from rq import Queue

from app.config import settings

redis = Redis.from_url(settings.redis_url)
q = Queue("default", connection=redis)
reports = Queue("reports", connection=redis)


def get_queue() -> Queue:
    return q
