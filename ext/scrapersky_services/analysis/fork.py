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
import tempfile
import threading
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, NoReturn, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Split the work only when there are at least this many items: a fork costs a few
#: milliseconds, and its copy-on-write page faults more.
SPLIT_THRESHOLD = 100

#: Runs of items per process: some parts of a tree cost more than others, and many short
#: runs dealt out in turn even out the shares.
RUNS_PER_WORKER = 4


def workers_for(jobs: int) -> int:
    """The processes a pass may use: ``jobs``, or one per core up to four when it is 0."""
    return jobs or min(os.cpu_count() or 1, 4)


def can_fork() -> bool:
    # forking a process with threads is unsafe (a lock held by another thread stays held
    # in the copy forever); Python warns about it, and a Sphinx build with -W would fail.
    # A copy shares nothing further: the cores are taken by then.
    return hasattr(os, "fork") and threading.active_count() == 1 and not _Copy.inside


def split_map(work: Callable[[Item], Result], items: Sequence[Item], workers: int) -> list[Result]:
    """``[work(item) for item in items]``, the items cut into runs of neighbours (which
    share decoded modules) dealt out in turn to ``workers`` processes, this one and
    forked copies. A copy that fails has its share done here instead."""
    if workers < 2 or len(items) < SPLIT_THRESHOLD or not can_fork():
        return [work(item) for item in items]
    size = -(-len(items) // (workers * RUNS_PER_WORKER))
    runs = [items[start : start + size] for start in range(0, len(items), size)]
    shares = [runs[first::workers] for first in range(workers)]
    copies = [_Copy(partial(_work_through, work, share)) for share in shares[1:]]
    try:
        done = [_work_through(work, shares[0])]
    finally:
        copied = [copy.result() for copy in copies]  # every copy waited for, even on errors
    done += copied
    # run i is the (i // workers)th of share i % workers
    return [
        result for index in range(len(runs)) for result in done[index % workers][index // workers]
    ]


def in_background(task: Callable[[], Result], workers: int) -> Callable[[], Result]:
    """``task()`` started now in a forked copy, while this process goes on with other
    passes; the function returned gives its result (worked out here, then, with one
    worker, without fork, or when the copy failed)."""
    if workers < 2 or not can_fork():
        return task
    return _Copy(task).result


def _work_through(
    work: Callable[[Item], Result], share: list[Sequence[Item]]
) -> list[list[Result]]:
    return [[work(item) for item in run] for run in share]


class _Copy:
    """A forked copy of this process working out ``produce()``, which it writes, pickled,
    to a temporary file (a pipe would hold it up until this process reads)."""

    inside = False
    """Whether this process is a copy."""

    def __init__(self, produce: Callable[[], Any]) -> None:
        self.produce = produce
        self.output = tempfile.TemporaryFile()  # noqa: SIM115 (closed by result())
        try:
            self.pid = os.fork()
        except OSError:
            self.pid = None
            return
        if self.pid == 0:
            self._run()

    def _run(self) -> NoReturn:
        # the copy: never returns into the caller's code, never runs its exit handlers
        _Copy.inside = True
        status = 1
        try:
            pickle.dump(self.produce(), self.output, protocol=pickle.HIGHEST_PROTOCOL)
            self.output.flush()
            status = 0
        finally:
            os._exit(status)

    def result(self) -> Any:
        """The copy's result, or ``produce()`` worked out here when the copy failed."""
        if self.pid is not None:
            _, status = os.waitpid(self.pid, 0)
            self.pid = None
            if status == 0:
                self.output.seek(0)
                with self.output:
                    return pickle.load(self.output)  # written by our own copy: our own data
        self.output.close()
        return self.produce()
