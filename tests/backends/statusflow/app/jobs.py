from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import select, update

from .enums import ShipStatus
from .loop import run_loop
from .models import InvoiceStatus, Order, PayStatus

scheduler = AsyncIOScheduler()


class Charger:
    PENDING = PayStatus.pending

    async def charge(self, session):
        stmt = select(Order).where(Order.pay_status == self.PENDING).limit(10)
        for order in (await session.execute(stmt)).scalars():
            order.pay_status = PayStatus.paid


async def charge_job(session=None):
    await Charger().charge(session)


async def ship_job(session=None):
    await run_loop(session, Order, "ship_status", ShipStatus.Queued, ShipStatus.Processing)


async def review_job(session=None):
    rows = await session.execute(select(Order).filter_by(review_status="requested"))
    await session.execute(update(Order).where(Order.review_status == "requested").values(review_status="done"))


async def retry_job(session=None):
    stmt = select(Order).where(getattr(Order, "pay_status") == PayStatus.failed.value)
    await session.execute(stmt)


async def sent_job(session=None):
    await session.execute(select(Order).where(Order.invoice_status == InvoiceStatus.Sent))


async def lookup(session, customer_id):
    # a lookup by id, not a queue poll
    return await session.execute(select(Order).where(Order.customer_id == customer_id, Order.pay_status == PayStatus.paid))


def setup_jobs():
    scheduler.add_job(charge_job, "interval", minutes=1, id="charge")
    scheduler.add_job(ship_job, "interval", minutes=2, id="ship")
    scheduler.add_job(review_job, "interval", minutes=3, id="review")
    scheduler.add_job(retry_job, "interval", minutes=4, id="retry")
    scheduler.add_job(sent_job, "interval", minutes=5, id="sent")
