"""What every part of the harness shares: one measured run, a series of them, progress."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).parents[1]
MEASURE = Path(__file__).with_name("measure.py")


@dataclass
class Run:
    seconds: float
    peak_mb: float
    work: float | None = None
    """The seconds the tool timed itself, without the process's start-up and exit (see
    :mod:`bench.tools`); ``None`` for the tools that do not."""


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)

    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    def low(self) -> float:
        return min(run.seconds for run in self.runs)

    def high(self) -> float:
        return max(run.seconds for run in self.runs)

    def peak(self) -> float:
        return statistics.median(run.peak_mb for run in self.runs)


def measure(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Wall time and peak memory (the process and the children it waited for), taken by
    :mod:`bench.measure` so that the harness's own memory is not counted in, and the time
    the tool took for its work alone, when it says."""
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryDirectory() as folder:
        timings = Path(folder) / "timings"
        process = subprocess.run(
            [sys.executable, str(MEASURE), *command],
            stdout=subprocess.PIPE,
            stderr=errors,
            env={**os.environ, **(env or {}), "BENCH_TIMINGS": str(timings)},
            cwd=cwd,
            check=False,
        )
        if process.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode(errors="replace")[-4000:]
            raise RuntimeError(
                f"{' '.join(command)} failed with exit code {process.returncode}:\n{tail}"
            )
        work = float(timings.read_text()) if timings.exists() else None
    seconds, peak_kib = process.stdout.split()
    return Run(float(seconds), int(peak_kib) / 1024, work)


def say(message: str) -> None:
    """Progress, on standard error (a full run takes hours)."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


def python_files(tree: Path) -> list[Path]:
    return sorted(path for path in tree.rglob("*.py") if "__pycache__" not in path.parts)
