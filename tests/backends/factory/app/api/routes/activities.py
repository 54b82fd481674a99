from fastapi import APIRouter

router = APIRouter()
internal = APIRouter()


@router.get("")
async def list_activities() -> list:
    return []


@internal.post("/rebuild")
async def rebuild() -> dict:
    return {}
