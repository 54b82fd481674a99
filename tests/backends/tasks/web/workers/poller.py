import asyncio

POLL_SECONDS = 15


async def poll_forever() -> None:
    """Poll the outbox every 15 seconds."""
    while True:
        await asyncio.sleep(POLL_SECONDS)
