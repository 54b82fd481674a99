from fastapi import APIRouter

router = APIRouter(prefix="/nowhere")


@router.get("/x")
def x(): ...
