from fastapi import APIRouter, BackgroundTasks

from ..models import Order, OrderStatus
from ..reports import build_report

router = APIRouter(prefix="/orders")


@router.put("/{order_id}/ship")
async def ship(order_id: int, session=None):
    """Queue an order for shipping."""
    order = await session.get(Order, order_id)
    order.status = OrderStatus.queued


@router.post("/{order_id}/report")
async def report(order_id: int, background_tasks: BackgroundTasks):
    background_tasks.add_task(build_report, order_id)
