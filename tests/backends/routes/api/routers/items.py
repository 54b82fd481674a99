from fastapi import APIRouter

parent = APIRouter(prefix="/catalog")
item_router = APIRouter(prefix="/items")


@item_router.post("/")
def create_item(): ...


parent.include_router(item_router, prefix="/v")
