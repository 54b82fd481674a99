"""Shipping jobs."""
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import select

from .models import Order, OrderStatus
from .settings import settings

scheduler = AsyncIOScheduler()


async def ship_orders(session=None):
    """Ship every queued order."""
    for order in (await session.execute(select(Order).where(Order.status == OrderStatus.queued))).scalars():
        order.status = OrderStatus.shipped


async def nightly_cleanup():
    """Delete old carts."""


def setup_jobs():
    scheduler.add_job(ship_orders, "interval", minutes=settings.SHIP_MINUTES, id="ship")
    scheduler.add_job(nightly_cleanup, "cron", hour=2, id="cleanup")
