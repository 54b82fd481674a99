from fastapi import APIRouter

router = APIRouter(prefix="/api/v3/admin")


@router.delete("/cache")
def clear_cache(): ...
