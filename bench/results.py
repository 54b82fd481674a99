"""A run's raw results as JSON, so that runs made separately can be reported together."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .analysis import ScalingResult, TreeResult
from .common import Run, Series
from .docs_build import BuildResult


@dataclass
class Results:
    trees: list[TreeResult] = field(default_factory=list)
    builds: list[BuildResult] = field(default_factory=list)
    scaling: list[ScalingResult] = field(default_factory=list)

    def __len__(self) -> int:
        """How many trees, docs trees and tree pairs have results (0: none, false)."""
        return len(self.trees) + len(self.builds) + len(self.scaling)


def _series(data: dict) -> Series:
    return Series([Run(**run) for run in data["runs"]])


def save_results(path: Path, results: Results, meta: dict) -> None:
    data = {"meta": meta, **asdict(results)}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


def load_results(path: Path) -> tuple[Results, dict]:
    """A saved run, also one saved by an earlier version of the harness (fields it did not
    have take their defaults)."""
    data = json.loads(path.read_text())
    trees = [
        TreeResult(
            tree["name"],
            tree["modules"],
            {tool: _series(series) for tool, series in tree["series"].items()},
            tree["ratios"],
        )
        for tree in data["trees"]
    ]
    builds = []
    for build in data["builds"]:
        series = {key: _series(build.pop(key)) for key in ("nochange", "change")}
        clean = {label: _series(runs) for label, runs in build.pop("clean").items()}
        builds.append(BuildResult(clean=clean, **series, **build))
    scaling = [ScalingResult(**scale) for scale in data.get("scaling", [])]
    return Results(trees, builds, scaling), data["meta"]


def merge(current: list, earlier: list) -> list:
    """The current run's results and an earlier run's for trees this run did not measure,
    src_mirror/ first, then the real-shaped trees and the synthetic ones by size."""
    names = {result.name for result in current}
    merged = [*current, *(result for result in earlier if result.name not in names)]
    return sorted(merged, key=tree_order)


def tree_order(result) -> tuple[int, int]:
    kinds = ("src_mirror", "real-shaped", "synthetic")
    kind = next(
        (number for number, prefix in enumerate(kinds) if result.name.startswith(prefix)), 3
    )
    digits = "".join(char for char in result.name.partition(" ")[2] if char.isdigit())
    return kind, int(digits or 0)
