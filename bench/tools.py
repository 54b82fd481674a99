"""One measured process per call: ``python -m bench.tools TOOL TREE PACKAGE [CACHE]``.

Each tool does its work once and exits; the harness times the whole process (interpreter
start and imports included) and reads its peak memory.

floor      read every file and ``ast.parse`` it, in this process
floor2     the same across 2 processes
ours       ``scrapersky_services`` analysis (CACHE: its cache folder, ``-`` for none)
start      import that analysis and stop: the start-up every run of ours pays
grimp      ``grimp.build_graph`` (CACHE: its cache folder, ``-`` for none)
autodoc2   sphinx-autodoc2's analysis of every module (astroid)

``ours`` also times its work itself, without the process's start-up and exit, and appends
the seconds to the file named by ``BENCH_TIMINGS`` when it is set.
"""

from __future__ import annotations

import ast
import contextlib
import os
import sys
import time
from pathlib import Path

SKIP = {"__pycache__", ".git"}


def python_files(tree: Path) -> list[Path]:
    found = []
    for folder, dirnames, filenames in os.walk(tree):
        dirnames[:] = sorted(name for name in dirnames if name not in SKIP)
        found += [Path(folder) / name for name in sorted(filenames) if name.endswith(".py")]
    return found


def _parse(paths: list[str]) -> int:
    for path in paths:
        with contextlib.suppress(SyntaxError, ValueError):
            ast.parse(Path(path).read_bytes())
    return len(paths)


def floor(tree: Path, processes: int = 1) -> None:
    paths = [str(path) for path in python_files(tree)]
    if processes == 1:
        _parse(paths)
        return
    size = max(1, len(paths) // (processes * 6))
    chunks = [paths[start : start + size] for start in range(0, len(paths), size)]
    # imported here, so that no other measured process pays for importing the pool
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=processes) as pool:
        sum(pool.map(_parse, chunks))


def _timed(started: float) -> None:
    """Append the seconds since ``started`` to ``BENCH_TIMINGS``, when it is set."""
    elapsed = time.perf_counter() - started
    log = os.environ.get("BENCH_TIMINGS")
    if log:
        with open(log, "a") as stream:
            stream.write(f"{elapsed!r}\n")


def ours(tree: Path, cache: str, start_only: bool = False) -> None:
    sys.path.insert(0, str(Path(__file__).parents[1] / "ext"))
    from scrapersky_services.analysis import AnalysisOptions, analyse

    if start_only:
        return

    # for the harness's test: how many files each run parsed, appended to this file
    log = os.environ.get("BENCH_PARSED_LOG")
    parsed = [0]

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "parse" and done == total:
            parsed[0] += total

    options = AnalysisOptions(str(tree), cache_dir=None if cache == "-" else cache)
    started = time.perf_counter()
    analyse(options, progress if log else None)
    _timed(started)
    if log:
        with open(log, "a") as stream:
            stream.write(f"{cache} {parsed[0]}\n")


def grimp_graph(tree: Path, package: str, cache: str) -> None:
    import grimp

    sys.path.insert(0, str(tree))
    grimp.build_graph(package, cache_dir=None if cache == "-" else cache)


def autodoc2(tree: Path, package: str) -> None:
    from autodoc2.analysis import analyse_module
    from autodoc2.utils import yield_modules

    for path, module in yield_modules(tree / package, root_module=package):
        for _ in analyse_module(path, module):
            pass


def main(argv: list[str]) -> None:
    tool, tree, package = argv[0], Path(argv[1]), argv[2]
    cache = argv[3] if len(argv) > 3 else "-"
    if tool == "floor":
        floor(tree)
    elif tool == "floor2":
        floor(tree, 2)
    elif tool == "ours":
        ours(tree, cache)
    elif tool == "start":
        ours(tree, cache, start_only=True)
    elif tool == "grimp":
        grimp_graph(tree, package, cache)
    elif tool == "autodoc2":
        autodoc2(tree, package)
    else:
        raise SystemExit(f"unknown tool {tool!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
