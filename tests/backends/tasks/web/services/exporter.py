import asyncio


async def write_export() -> None:
    """Write the export file."""


async def compress(path: str) -> None:
    """Compress an export."""


def queue_export(background_tasks) -> None:
    background_tasks.add_task(write_export)
    loop = asyncio.get_event_loop()
    loop.create_task(compress("out.csv"))
    pending = compress("other.csv")
    asyncio.ensure_future(pending)
