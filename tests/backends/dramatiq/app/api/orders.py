from fastapi import APIRouter

from app.services import bounce, place_order

router = APIRouter(prefix="/orders")


@router.post("/{order_id}")
async def create_order(order_id: int) -> dict:
    place_order(order_id)
    return {"order_id": order_id}


@router.post("/bounces/{address}")
async def report_bounce(address: str) -> dict:
    bounce(address)
    return {"address": address}
