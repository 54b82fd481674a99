"""The dramatiq broker; workers run `dramatiq app.tasks`."""

import dramatiq
from dramatiq.brokers.redis import RedisBroker

from app.config import settings

broker = RedisBroker(url=settings.redis_url)
dramatiq.set_broker(broker)
