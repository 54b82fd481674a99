"""Work shared with forked copies of the process (:mod:`.analysis.fork`): the same
results, in the same order, as a serial run, and the same catalog."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from conftest import comparable
from scrapersky_services.analysis import AnalysisOptions, analyse, fork

BACKENDS = Path(__file__).parent / "backends"

needs_fork = pytest.mark.skipif(not fork.can_fork(), reason="no fork on this platform")


def _pid_of(item: int) -> tuple[int, int]:
    return item, os.getpid()


@needs_fork
def test_split_work_comes_back_in_the_items_order():
    items = list(range(fork.SPLIT_THRESHOLD * 3))
    results = fork.split_map(_pid_of, items, 3)
    assert [item for item, _ in results] == items
    assert len({pid for _, pid in results}) == 3


@needs_fork
def test_the_share_of_a_failed_copy_is_done_here():
    here = os.getpid()

    def fails_elsewhere(item: int) -> tuple[int, int]:
        if os.getpid() != here:
            raise RuntimeError("a copy that fails")
        return _pid_of(item)

    items = list(range(fork.SPLIT_THRESHOLD * 2))
    assert fork.split_map(fails_elsewhere, items, 2) == [(item, here) for item in items]


def test_few_items_or_one_worker_stay_in_this_process():
    here = os.getpid()
    assert {pid for _, pid in fork.split_map(_pid_of, list(range(10)), 4)} == {here}
    many = list(range(fork.SPLIT_THRESHOLD * 2))
    assert {pid for _, pid in fork.split_map(_pid_of, many, 1)} == {here}


def test_no_copy_is_forked_while_other_threads_run():
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        many = list(range(fork.SPLIT_THRESHOLD * 2))
        assert {pid for _, pid in fork.split_map(_pid_of, many, 2)} == {os.getpid()}
        assert fork.in_background(os.getpid, 2)() == os.getpid()
    finally:
        release.set()
        thread.join()


@needs_fork
def test_a_background_task_runs_in_a_copy():
    assert fork.in_background(os.getpid, 2)() != os.getpid()
    assert fork.in_background(os.getpid, 1)() == os.getpid()


@needs_fork
@pytest.mark.parametrize("tree", ["audit", "realshaped", "statusflow_real", "variants"])
def test_the_split_catalog_is_the_serial_one(tree, monkeypatch):
    root = str(BACKENDS / tree)
    serial = comparable(analyse(AnalysisOptions(root, jobs=1)))
    forks = []
    start = fork._Copy.__init__

    def counted(*args):
        forks.append(args)
        return start(*args)

    monkeypatch.setattr(fork, "SPLIT_THRESHOLD", 1)
    monkeypatch.setattr(fork._Copy, "__init__", counted)
    split = comparable(analyse(AnalysisOptions(root, jobs=3)))
    assert forks  # the work was shared
    assert split == serial
