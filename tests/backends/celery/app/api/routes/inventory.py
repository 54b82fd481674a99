from fastapi import APIRouter

from app.worker.tasks import sync_inventory

router = APIRouter(prefix="/inventory", tags=["inventory"])


@router.post("/sync")
async def sync_now() -> dict:
    sync_inventory.delay()
    return {"queued": True}
