from fastapi import APIRouter
from sqlalchemy import update

from ..enums import ShipStatus
from ..legacy_enums import ShipStatus as LegacyShipStatus
from ..models import InvoiceStatus, Order, PayStatus

router = APIRouter(prefix="/orders")


@router.put("/{order_id}/ship")
async def ship(order_id: int, session=None):
    order = await session.get(Order, order_id)
    order.ship_status = ShipStatus.Queued


@router.put("/{order_id}/ship-legacy")
async def ship_legacy(order_id: int, session=None):
    await session.execute(update(Order).where(Order.id == order_id).values({Order.ship_status: LegacyShipStatus.Queued}))


@router.post("")
async def create(session=None):
    data = {"customer_id": 1, "review_status": "requested"}
    session.add(Order(**data))


@router.put("/{order_id}/invoice")
async def invoice(order_id: int, session=None):
    await session.execute(update(Order).where(Order.id == order_id).values(invoice_status=InvoiceStatus.Queued))


@router.put("/{order_id}/fail")
async def fail(order_id: int, session=None):
    order = await session.get(Order, order_id)
    setattr(order, "pay_status", PayStatus.failed)


@router.put("/{order_id}/typo")
async def typo(order_id: int, session=None):
    order = await session.get(Order, order_id)
    order.ship_status = ShipStatus.Shipped
