from fastapi import APIRouter

router = APIRouter(prefix="/v1")


@router.get("/items")
def old_items(): ...
