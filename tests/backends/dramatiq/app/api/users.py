from fastapi import APIRouter

from app.tasks.emails import send_welcome_email

router = APIRouter(prefix="/users")


@router.post("/{user_id}")
async def create_user(user_id: int) -> dict:
    send_welcome_email.send(user_id)
    return {"user_id": user_id}
