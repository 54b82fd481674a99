from fastapi import APIRouter

router = APIRouter(prefix="/items")


@router.get("/")
async def list_items() -> list:
    return []


@router.get("/{item_id}")
async def get_item(item_id: int) -> dict:
    return {"id": item_id}
