from fastapi import APIRouter

from app.worker.celery_app import celery_app
from app.worker.tasks import send_welcome_email

router = APIRouter(prefix="/users", tags=["users"])


@router.post("/")
async def create_user(email: str) -> dict:
    user_id = 1
    send_welcome_email.delay(user_id)
    return {"id": user_id}


@router.post("/{user_id}/resend-welcome")
async def resend_welcome(user_id: int) -> dict:
    celery_app.send_task("emails.send_welcome", args=[user_id])
    return {"queued": True}
