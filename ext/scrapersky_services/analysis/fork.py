"""Per-function work of the catalog passes, shared with forked copies of this process.

The passes run after the parse, in one process, while the other cores idle. A forked copy
inherits the project as it stands (nothing is sent to it), works through its share of the
items and sends back only its results, which are merged in the items' order: the catalog
is the same as a serial run's. Where forking is not possible or not worth it (few items,
one worker, no ``fork``, threads running), the work runs here, serially.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Split the work only when there are at least this many items: a fork costs a few
#: milliseconds, and its copy-on-write page faults more.
SPLIT_THRESHOLD = 200

#: Runs of items per process: some parts of a tree cost more than others, and many short
#: runs dealt out in turn even out the shares.
RUNS_PER_WORKER = 4


def workers_for(jobs: int) -> int:
    """The processes a pass may use: ``jobs``, or one per core up to four when it is 0."""
    return jobs or min(os.cpu_count() or 1, 4)


def can_fork() -> bool:
    # forking a process with threads is unsafe (a lock held by another thread stays held
    # in the copy forever); Python warns about it, and a Sphinx build with -W would fail
    return hasattr(os, "fork") and threading.active_count() == 1


def split_map(work: Callable[[Item], Result], items: Sequence[Item], workers: int) -> list[Result]:
    """``[work(item) for item in items]``, the items cut into runs of neighbours (which
    share decoded modules) dealt out in turn to ``workers`` processes, this one and
    forked copies. A copy that fails has its share done here instead."""
    if workers < 2 or len(items) < SPLIT_THRESHOLD or not can_fork():
        return [work(item) for item in items]
    size = -(-len(items) // (workers * RUNS_PER_WORKER))
    runs = [items[start : start + size] for start in range(0, len(items), size)]
    shares = [runs[first::workers] for first in range(workers)]
    children = [_start(work, share) for share in shares[1:]]
    done = [_work_through(work, shares[0])]
    done += [_finish(child, work, share) for share, child in zip(shares[1:], children, strict=True)]
    # run i is the (i // workers)th of share i % workers
    return [
        result for index in range(len(runs)) for result in done[index % workers][index // workers]
    ]


def _work_through(
    work: Callable[[Item], Result], share: list[Sequence[Item]]
) -> list[list[Result]]:
    return [[work(item) for item in run] for run in share]


def _start(work: Callable[[Item], Result], share: list[Sequence[Item]]) -> tuple[int, int] | None:
    """Fork a copy that writes the share's results, pickled, to a pipe."""
    reader, writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    if pid:
        os.close(writer)
        return pid, reader
    # the copy: never returns into the caller's code, never runs its exit handlers
    status = 1
    try:
        os.close(reader)
        data = pickle.dumps(_work_through(work, share), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writer, "wb") as stream:
            stream.write(data)
        status = 0
    finally:
        os._exit(status)


def _finish(
    child: tuple[int, int] | None, work: Callable[[Item], Result], share: list[Sequence[Item]]
) -> list[list[Result]]:
    """A copy's results, or the share done here when the copy could not do it."""
    if child is None:
        return _work_through(work, share)
    pid, reader = child
    with os.fdopen(reader, "rb") as stream:
        data = stream.read()
    _, status = os.waitpid(pid, 0)
    if status != 0:
        return _work_through(work, share)
    return pickle.loads(data)  # written by our own copy above: our own data
