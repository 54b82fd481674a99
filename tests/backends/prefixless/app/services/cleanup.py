"""Remove expired sessions."""
from core.config import CLEANUP_MINUTES
from core.scheduler import scheduler


def purge() -> None:
    """Delete expired rows."""


def register_cleanup() -> None:
    scheduler.add_job(purge, "interval", minutes=CLEANUP_MINUTES, id="purge")
