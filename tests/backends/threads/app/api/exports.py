from fastapi import APIRouter

from app.services.exporter import compress_later, start_export

router = APIRouter(prefix="/exports")


@router.post("/{export_id}")
async def create_export(export_id: int) -> dict:
    start_export(export_id)
    await compress_later(f"/tmp/{export_id}.csv")
    return {"export_id": export_id}
