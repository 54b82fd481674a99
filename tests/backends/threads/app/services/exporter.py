"""CSV exports, written in worker threads so that the event loop stays free."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from threading import Timer

EXPORTS = ThreadPoolExecutor(max_workers=2)


def write_csv(export_id: int) -> None:
    """Write one export to disk."""


def compress(path: str) -> None:
    """Gzip a written export."""


def purge_export(export_id: int) -> None:
    """Delete an export's file once it has expired."""


def start_export(export_id: int) -> None:
    EXPORTS.submit(write_csv, export_id)
    Timer(3600, purge_export, args=(export_id,)).start()


async def compress_later(path: str) -> None:
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, compress, path)


def start_with_pool(export_id: int) -> None:
    with ThreadPoolExecutor() as pool:
        pool.submit(fn=write_csv, export_id=export_id)


def start_dynamic(job) -> None:
    EXPORTS.submit(partial(job, 1))


def _unused() -> None:
    threading_thread = __import__("threading").Thread
    threading_thread(target=compress).start()
