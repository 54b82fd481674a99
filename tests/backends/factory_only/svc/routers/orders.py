from fastapi import APIRouter

router = APIRouter()


@router.get("/{order_id}")
async def get_order(order_id: int) -> dict:
    return {"id": order_id}
