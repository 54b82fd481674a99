"""A scheduler module nothing imports."""
from ..scheduler import scheduler


async def old_sync(): ...


def setup_old_sync():
    scheduler.add_job(old_sync, "interval", minutes=2, id="old_sync")
