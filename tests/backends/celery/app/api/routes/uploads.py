from celery import chain, group
from fastapi import APIRouter

from app.worker.tasks import index_upload, notify_uploaded, resize_image

router = APIRouter(prefix="/uploads", tags=["uploads"])


@router.post("/")
async def upload(path: str) -> dict:
    chain(resize_image.s(path), notify_uploaded.s()).apply_async()
    group(index_upload.si(path)).delay()
    return {"path": path}
