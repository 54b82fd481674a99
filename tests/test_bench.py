"""A tiny run of the benchmark harness, so that it cannot rot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO

#: The real-shaped trees' generator, beside the checkout (not in every checkout: CI's).
GEN_BACKEND = REPO.parent / "shared" / "bench" / "gen_backend.py"


def _bench(tmp_path, *args: str, env: dict[str, str] | None = None) -> str:
    command = [sys.executable, "-m", "bench.run", "--workdir", str(tmp_path / "work"), *args]
    result = subprocess.run(
        command,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def test_tiny_benchmark_run(tmp_path):
    """Every kind of row but the baseline's (its build takes half a minute; the report's
    rows for it are checked in ``test_issue_20_rows``)."""
    output, saved = tmp_path / "performance.md", tmp_path / "results.json"
    real = GEN_BACKEND.is_file()
    real_sizes = ("--real-sizes", "50") if real else ("--real-sizes",)
    tiny = ("--sizes", "20", *real_sizes, "--rounds", "1", "--warmup", "0", "--no-mirror")
    parsed_log = tmp_path / "parsed.log"
    progress = _bench(
        tmp_path,
        *tiny,
        "--docs",
        "synthetic-20",
        "--baseline",
        "none",
        "--jobs-auto-min",
        "0",  # the -j auto build on this tiny tree too
        "--output",
        str(output),
        "--save",
        str(saved),
        env={"BENCH_PARSED_LOG": str(parsed_log)},
    )
    # no warm run on trees this small (issue 20: they measured start-up and noise)
    caches = [line.rsplit(" ", 1)[0] for line in parsed_log.read_text().splitlines()]
    assert caches and not [cache for cache in caches if Path(cache).name == "ours"], caches
    assert "synthetic 20: round 1/1, ours cold" in progress
    assert "synthetic 20: round 1/1, clean cached" in progress
    assert "synthetic 20: round 1/1, no change" in progress
    text = output.read_text()
    for figure in (
        "parse floor, 1 process",
        "parse floor, 2 processes",
        "ours, cold (empty cache)",
        "grimp build_graph, no cache",
        "grimp build_graph, cached",
        "sphinx-autodoc2 analysis",
        "cold / parse floor (1 process)",
        "sphinx-autodoc2 / ours cold",
        "| synthetic 20 | clean, -j 1, API pages cached |",
        "| synthetic 20 | clean, -j 1, first build for this backend commit |",
        "| synthetic 20 | clean, -j auto, API pages cached |",
        "| synthetic 20 | clean build `-j auto` / `-j 1`, API pages cached |",
        "| synthetic 20 | no change |",
        "| synthetic 20 | one service module changed |",
        "extension's share",
        "Docs builds: baseline commit `none`",
    ):
        assert figure in text, figure
    for retired in ("one file changed", "warm / cold", "ours, warm", "baseline `"):
        assert retired not in text, retired
    if real:
        assert "| real-shaped 50 | cold / parse floor (1 process) |" in text
        assert "| real-shaped 50 | 50 | ours, cold (empty cache) |" in text
    # the no-change rebuild read no page, and the edit read its service page
    assert "| synthetic 20 | pages read in a no-change rebuild | 0 | 0 | met |" in text
    assert "generated/services/synth.domain_000.jobs.process_item000s" in text

    # a later run measuring something else reports the saved figures with its own
    merged = tmp_path / "merged.md"
    later = ("--rounds", "1", "--warmup", "0", "--docs", "none", "--sizes", "--real-sizes")
    _bench(tmp_path, *later, "--output", str(merged), "--save", str(tmp_path / "later.json"),
           "--merge", str(saved))  # fmt: skip
    merged_text = merged.read_text()
    assert "| src_mirror | 94 | parse floor, 1 process |" in merged_text  # measured now
    for row in ("| synthetic 20 | no change |", "| synthetic 20 | 29 | ours, cold"):
        assert row in merged_text, row  # carried over from the saved run
    assert merged_text.count("`nox -s bench -- ") == 2  # both runs named
    carried = [
        line for line in merged_text.splitlines() if line.startswith("| synthetic 20 | 29 |")
    ]
    tools = [line.split(" | ")[2] for line in carried]
    # in the order the harness measures them, not the saved file's (alphabetical) order
    assert tools[:3] == [
        "parse floor, 1 process",
        "parse floor, 2 processes",
        "ours, cold (empty cache)",
    ]
    assert tools[-1] == "sphinx-autodoc2 analysis"


def test_issue_20_rows(monkeypatch):
    """The rows of issue 20's targets, from results of the shape a full run saves: the
    clean builds against the baseline, -j auto against -j 1, cold against the floor on the
    real-shaped trees and the growth of the cold time, warm against cold from 1,000
    modules up."""
    monkeypatch.syspath_prepend(str(REPO))  # the harness is not installed
    from bench.analysis import ScalingResult
    from bench.docs_build import BuildResult
    from bench.results import Results
    from bench.run import Run, Series, TreeResult, report

    def series(*seconds: float) -> Series:
        return Series([Run(value, 100.0) for value in seconds])

    build = BuildResult(
        "real-shaped 1,000",
        {
            "baseline": series(200.0, 210.0),
            "first": series(60.0, 62.0),
            "cached": series(30.0, 31.0),
            "cached-auto": series(20.0, 21.0),
        },
        [0.1, 0.1],
        [{"analysis": 2.0}, {"analysis": 2.1}],
        series(2.0, 2.0),
        [0, 0],
        series(5.0, 5.0),
        [["generated/services/a.b.job"], ["generated/services/a.b.job"]],
        modules=1000,
        ratios={"cached/baseline": [0.15, 0.16], "first/baseline": [0.3, 0.3], "auto/j1": [0.7, 0.8]},
        pages={"baseline": 1200, "cached": 1200},
        baseline="e2b2cb6",
        api_dir=True,
    )  # fmt: skip
    tree = TreeResult(
        "real-shaped 1,000",
        1000,
        {"ours-cold": series(1.0)},
        {"cold/floor": [1.5], "cold/floor2": [2.0], "warm/cold": [0.1], "memory/grimp": [1.0],
         "warm/grimp-cached": [0.5], "start/warm": [0.9]},
    )  # fmt: skip
    small = TreeResult(
        "real-shaped 140",
        140,
        {"ours-cold": series(0.3)},
        {"cold/floor": [2.5], "cold/floor2": [3.0], "memory/grimp": [1.0]},
    )
    scaling = ScalingResult(
        "real-shaped 1,000 → 5,000", "real-shaped 1,000", "real-shaped 5,000", 1000, 5000,
        [1.05, 1.2, 1.0],
    )  # fmt: skip
    text = report(Results([small, tree], [build], [scaling]), [])
    for row in (
        "| real-shaped 1,000 | baseline `e2b2cb6`, clean, -j 1 | 205.0 |",
        "| real-shaped 1,000 | clean build as `nox -s docs` makes it (`-j auto`), API pages "
        "cached / baseline `e2b2cb6`'s clean build | 0.12 (0.10 to 0.13) | ≤ 0.2 | met |",
        "| real-shaped 1,000 | clean build `-j 1`, API pages cached / baseline `e2b2cb6`'s "
        "clean build | 0.15 (0.15 to 0.16) | (for reference) | n/a |",
        "| real-shaped 1,000 | clean build, first for this backend commit / baseline "
        "`e2b2cb6`'s | 0.30 (0.30 to 0.30) | (for reference) | n/a |",
        "| real-shaped 1,000 | clean build `-j auto` / `-j 1`, API pages cached | 0.75 (0.70 to "
        "0.80) | < 0.75 (on 2 cores, at 1,000 modules) | **missed** |",
        "| real-shaped 1,000 | HTML pages written by the clean build, API pages cached / the "
        "baseline's (API pages still available) | 1200 / 1200 |",
        "| real-shaped 1,000 | pages read in a no-change rebuild | 0 | 0 | met |",
        "| real-shaped 140 | cold / parse floor (1 process) | 2.50 | ≤ 2 | **missed** |",
        "| real-shaped 1,000 | cold / parse floor (1 process) | 1.50 | ≤ 2 | met |",
        "| real-shaped 1,000 | warm / cold | 0.10 | ≤ 0.15 | met |",
        "| real-shaped 1,000 → real-shaped 5,000 | slope of cold time: (cold at 5,000 / cold "
        "at 1,000 modules) / (5,000 / 1,000), the two runs side by side | 1.05 (1.00 to 1.20) "
        "| ≤ 1.1 | met |",
    ):
        assert row in text, row
    assert "| real-shaped 140 | warm / cold |" not in text  # retired under 1,000 modules


def test_saved_results_of_earlier_versions_still_report(monkeypatch):
    """``--merge`` reads runs saved before the current rows existed (the committed ones)."""
    monkeypatch.syspath_prepend(str(REPO))  # the harness is not installed
    from bench.report import report
    from bench.results import load_results

    for saved in sorted((REPO / "bench" / "results").glob("*.json")):
        results, meta = load_results(saved)
        text = report(results, [meta])
        assert "| Tree | Build |" in text or "## Analysis" in text, saved
        assert "one file changed" not in text  # retired rows are not shown


def test_peak_memory_is_the_measured_process_own(tmp_path):
    """A child's ``ru_maxrss`` starts from the peak of the process that started it. The
    harness grows (it generates the trees): its figures must not grow with it."""
    code = (
        "import os, subprocess, sys\n"
        "from bench.run import measure\n"
        "grown = bytearray(300 * 2**20)\n"
        "grown[:: 4096] = b'x' * len(grown[:: 4096])  # touched: resident\n"
        "child = [sys.executable, '-c', 'pass']\n"
        "direct = subprocess.Popen(child)\n"
        "_, _, usage = os.wait4(direct.pid, 0)\n"
        "print(usage.ru_maxrss / 1024, measure(child).peak_mb)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    direct, measured = map(float, result.stdout.split())
    assert direct > 300  # what the harness measured before: its own 300 MB
    assert measured < 50  # an empty Python process, not the harness


def test_ours_times_its_own_work(tmp_path, monkeypatch):
    """The analysis times itself inside its process, without its start-up and exit (saved
    with every run of it); the other tools are timed from outside only."""
    monkeypatch.syspath_prepend(str(REPO))  # the harness is not installed
    from bench.run import measure, tool_command

    source = tmp_path / "pkg" / "module.py"
    source.parent.mkdir()
    source.write_text("VALUE = 1\n" * 2000)
    analysed = measure(
        tool_command("ours-warm", tmp_path, "pkg", str(tmp_path / "cache")), cwd=REPO
    )
    grimp = measure(tool_command("grimp-cold", tmp_path, "pkg", "-"), cwd=REPO)
    assert analysed.work is not None and 0 < analysed.work < analysed.seconds
    assert grimp.work is None  # timed from outside only


def test_ratios_show_the_spread_of_their_rounds(monkeypatch):
    """A ratio is the median of its rounds; the lowest and highest round are shown beside
    it, so that a verdict the noise decides can be told from one it does not."""
    monkeypatch.syspath_prepend(str(REPO))  # the harness is not installed
    from bench.results import Results
    from bench.run import Run, Series, TreeResult, report

    keys = ["cold/floor", "cold/floor2", "warm/cold", "warm/grimp-cached", "memory/grimp"]
    ratios = {key: [1.0, 1.0, 1.0] for key in keys}
    ratios["warm/cold"] = [0.08, 0.12, 0.31]
    series = {"ours-cold": Series([Run(1.0, 10.0)])}
    text = report(Results([TreeResult("synthetic 1,000", 1047, series, ratios)]), [])
    assert "| synthetic 1,000 | warm / cold | 0.12 (0.08 to 0.31) | ≤ 0.15 | met |" in text
    single = {key: [values[1]] for key, values in ratios.items()}
    text = report(Results([TreeResult("synthetic 1,000", 1047, series, single)]), [])
    assert "| synthetic 1,000 | warm / cold | 0.12 | ≤ 0.15 | met |" in text  # one round
