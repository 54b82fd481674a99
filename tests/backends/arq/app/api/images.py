from fastapi import APIRouter, Request

router = APIRouter(prefix="/images")


async def queue_resize(pool, image_id: int) -> None:
    await pool.enqueue_job("resize", image_id)


@router.post("/{image_id}")
async def upload(request: Request, image_id: int) -> dict:
    await queue_resize(request.app.state.arq, image_id)
    await request.app.state.arq.enqueue_job(function="send_email", to="ops", template="upload")
    return {"image_id": image_id}
