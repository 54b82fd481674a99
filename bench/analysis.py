"""The analysis measurements: ours against the parse floor, grimp and sphinx-autodoc2.

The tools compared on one tree run interleaved (A B C A B C ...), and each ratio is the
median of the ratios within a round, because absolute times drift on a shared machine.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .common import REPO, Run, Series, measure, python_files, say

#: The analysis tools, in the order each round runs them.
TOOLS = (
    "floor",
    "floor2",
    "ours-cold",
    "ours-warm",
    "ours-start",
    "grimp-cold",
    "grimp-cached",
    "autodoc2",
)
#: The runs on an unchanged tree, measured from this many modules up: below it, a warm run
#: and a cold one differ by less than the start-up of the process and its noise (issue 20).
WARM_MIN_MODULES = 1000
WARM_TOOLS = ("ours-warm", "ours-start")
#: The ratio of warm to cold at most, and of sphinx-autodoc2 to cold at least: together they
#: allow a warm run of at most sphinx-autodoc2's time times this.
WARM_MAX, AUTODOC2_MIN = 0.15, 8


@dataclass
class TreeResult:
    name: str
    modules: int
    series: dict[str, Series]
    ratios: dict[str, list[float]]


@dataclass
class ScalingResult:
    """Cold runs of ours on a smaller and a larger tree of one shape, side by side in each
    round: how the cold time grows with the tree."""

    name: str
    low: str
    high: str
    low_modules: int
    high_modules: int
    ratios: list[float]
    """Per round: (cold on the larger tree / cold on the smaller) / (its modules / theirs);
    1 is linear growth."""


def tool_command(tool: str, tree: Path, package: str, cache: str) -> list[str]:
    # ours-cold -> ours, grimp-cached -> grimp; ours-start -> start
    name = "start" if tool == "ours-start" else tool.partition("-")[0]
    return [sys.executable, "-m", "bench.tools", name, str(tree), package, cache]


def _cold(tree: Path, package: str, work: Path) -> Run:
    """One run of ours with an empty cache."""
    cache = tempfile.mkdtemp(dir=work)
    try:
        return measure(tool_command("ours-cold", tree, package, cache), cwd=REPO)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def bench_tree(
    name: str,
    tree: Path,
    package: str,
    rounds: int,
    work: Path,
    with_autodoc2: bool,
    warmup: int = 1,
) -> TreeResult:
    modules = len(python_files(tree))
    caches = work / f"cache-{name.replace(' ', '-').replace(',', '')}"
    shutil.rmtree(caches, ignore_errors=True)
    warm_cache, grimp_cache = caches / "ours", caches / "grimp"
    big = modules >= WARM_MIN_MODULES
    tools = [
        tool
        for tool in TOOLS
        if (with_autodoc2 or tool != "autodoc2") and (big or tool not in WARM_TOOLS)
    ]
    series = {tool: Series() for tool in tools}
    ratios: dict[str, list[float]] = {}

    def run(tool: str) -> Run:
        if tool == "ours-cold":
            return _cold(tree, package, work)
        cache = {"ours-warm": str(warm_cache), "grimp-cached": str(grimp_cache)}.get(tool, "-")
        return measure(tool_command(tool, tree, package, cache), cwd=REPO)

    for _ in range(warmup):
        for tool in tools:
            run(tool)
    # fill the warm caches (the warm-up round has, if there was one)
    for tool in ("ours-warm", "grimp-cached"):
        if tool in tools:
            run(tool)
    for round_number in range(rounds):
        results = {tool: run(tool) for tool in tools}
        for tool, result in results.items():
            series[tool].runs.append(result)
        warm = f", warm {results['ours-warm'].seconds:.2f} s" if big else ""
        say(
            f"  {name}: round {round_number + 1}/{rounds}, "
            f"ours cold {results['ours-cold'].seconds:.2f} s{warm}"
        )

        def ratio(key: str, numerator: float, denominator: float) -> None:
            ratios.setdefault(key, []).append(numerator / denominator)

        cold = results["ours-cold"]
        ratio("cold/floor", cold.seconds, results["floor"].seconds)
        ratio("cold/floor2", cold.seconds, results["floor2"].seconds)
        if big:
            warm_run = results["ours-warm"]
            ratio("warm/cold", warm_run.seconds, cold.seconds)
            ratio("warm/grimp-cached", warm_run.seconds, results["grimp-cached"].seconds)
            ratio("start/warm", results["ours-start"].seconds, warm_run.seconds)
        ratio("memory/grimp", cold.peak_mb, results["grimp-cold"].peak_mb)
        if "autodoc2" in results:
            ratio("autodoc2/cold", results["autodoc2"].seconds, cold.seconds)
            if big:
                joint = results["autodoc2"].seconds * WARM_MAX / AUTODOC2_MIN
                ratio("start/joint", results["ours-start"].seconds, joint)
    return TreeResult(name, modules, series, ratios)


def bench_scaling(
    name: str,
    low: tuple[str, Path],
    high: tuple[str, Path],
    package: str,
    rounds: int,
    work: Path,
    warmup: int = 1,
) -> ScalingResult:
    """The growth of the cold time from one tree to a larger one, the two cold runs made
    back to back in each round (the trees' own rows were measured minutes apart)."""
    (low_name, low_tree), (high_name, high_tree) = low, high
    low_modules, high_modules = len(python_files(low_tree)), len(python_files(high_tree))
    for _ in range(warmup):
        _cold(low_tree, package, work)
        _cold(high_tree, package, work)
    ratios = []
    for round_number in range(rounds):
        small, large = _cold(low_tree, package, work), _cold(high_tree, package, work)
        ratios.append((large.seconds / small.seconds) / (high_modules / low_modules))
        say(
            f"  {name}: round {round_number + 1}/{rounds}, cold {small.seconds:.2f} s "
            f"and {large.seconds:.2f} s"
        )
    return ScalingResult(name, low_name, high_name, low_modules, high_modules, ratios)
