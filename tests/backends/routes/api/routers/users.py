from fastapi import APIRouter

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/{user_id}")
def get_user(user_id: str):
    """One user."""


@router.get("/me")
def me():
    """Shadowed by /{user_id}."""


@router.get("/{user_id:int}/orders")
def orders(user_id: int): ...


@router.get("/count/orders")
def count_orders(): ...


def list_users(): ...


router.add_api_route("", list_users, methods=["GET"])
