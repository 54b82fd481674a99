async def review() -> None:
    """Review pending items."""


async def digest() -> None:
    """Send the daily digest."""


async def retry_mail() -> None:
    """Retry failed mail."""


async def cleanup() -> None:
    """Delete old rows."""


async def report() -> None:
    """Build the daily report."""
