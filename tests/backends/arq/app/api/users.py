from arq.connections import ArqRedis
from fastapi import APIRouter, Request

router = APIRouter(prefix="/users")


@router.post("/")
async def create_user(request: Request, email: str) -> dict:
    redis: ArqRedis = request.app.state.arq
    await redis.enqueue_job("send_email", email, "welcome")
    return {"email": email}


@router.post("/{user_id}/sms")
async def send_sms(request: Request, user_id: int) -> dict:
    await request.app.state.arq.enqueue_job("send_sms", user_id)
    return {"queued": True}


@router.post("/{user_id}/report")
async def request_report(request: Request, user_id: int) -> dict:
    await request.app.state.arq.enqueue_job("report", user_id, _defer_by=60)
    return {"queued": True}


async def enqueue_named(pool: ArqRedis, job_name: str) -> None:
    await pool.enqueue_job(job_name)
