"""A tiny run of the benchmark harness, so that it cannot rot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO


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
    output, saved = tmp_path / "performance.md", tmp_path / "results.json"
    tiny = ("--sizes", "20", "--rounds", "1", "--warmup", "0", "--edit-pairs", "2", "--no-mirror")
    parsed_log = tmp_path / "parsed.log"
    progress = _bench(
        tmp_path,
        *tiny,
        "--docs",
        "smallest",
        "--output",
        str(output),
        "--save",
        str(saved),
        env={"BENCH_PARSED_LOG": str(parsed_log)},
    )
    # every run of ours on the warm cache parsed at most one file: each edit row measures
    # one changed file, not the file an earlier edit restored as well
    warm_runs = [
        int(count)
        for cache, count in (line.rsplit(" ", 1) for line in parsed_log.read_text().splitlines())
        if Path(cache).name == "ours"  # the warm cache (the cold runs get a new folder)
    ]
    fill, *after = warm_runs  # the first one fills the cache
    assert fill > 1
    assert max(after) == 1 and after.count(1) >= 3 * 2, warm_runs  # 3 edits, 2 pairs each
    assert "synthetic 20: round 1/1, ours cold" in progress
    assert "synthetic 20: round 1/1, no change" in progress
    text = output.read_text()
    assert "The one-file-changed runs: 2 per round, each right after a warm run" in text
    assert "differences of the analysis as each process timed it" in text
    for figure in (
        "parse floor, 1 process",
        "parse floor, 2 processes",
        "ours, cold (empty cache)",
        "ours, warm (unchanged tree)",
        "ours, one file changed (a comment)",
        "ours, one file changed (a new function in a helper module)",
        "ours, one file changed (a new function in a service module)",
        "a new function in a service module) − warm",
        "grimp build_graph, no cache",
        "grimp build_graph, cached",
        "sphinx-autodoc2 analysis",
        "cold / parse floor (1 process)",
        "warm / cold",
        "sphinx-autodoc2 / ours cold",
        "ours, start-up only (imports the analysis, analyses nothing)",
        "ours' start-up only / warm",
        "that helper module alone, read and parsed by a fresh process (timed inside it)",
        "that service module alone, read and parsed by a fresh process (timed inside it)",
        "ours' start-up only / (sphinx-autodoc2 × 0.15 ÷ 8)",
        "clean, -j 1",
        "clean, -j 2",
        "no change",
        "one service module changed",
        "extension's share",
        "pages read in a no-change rebuild",
    ):
        assert figure in text, figure
    assert "| synthetic 20 | no change |" in text
    # the no-change rebuild read no page, and the edit read its service page
    assert "| pages read in a no-change rebuild | 0 | 0 | met |" in text
    assert "generated/services/synth.domain_000.jobs.process_item000s" in text

    # a later run measuring something else reports the saved figures with its own
    merged = tmp_path / "merged.md"
    later = ("--rounds", "1", "--warmup", "0", "--docs", "none", "--sizes")
    _bench(tmp_path, *later, "--output", str(merged), "--save", str(tmp_path / "later.json"),
           "--merge", str(saved))  # fmt: skip
    merged_text = merged.read_text()
    assert "| src_mirror | 94 | parse floor, 1 process |" in merged_text  # measured now
    for row in ("| synthetic 20 | no change |", "| synthetic 20 | 29 | ours, warm"):
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


def test_tools_time_their_own_work(tmp_path, monkeypatch):
    """The one-file-changed rows subtract times the tools take inside their processes: a
    tool that stopped reporting them would leave those rows without a figure."""
    monkeypatch.syspath_prepend(str(REPO))  # the harness is not installed
    from bench.run import measure, tool_command

    source = tmp_path / "pkg" / "module.py"
    source.parent.mkdir()
    source.write_text("VALUE = 1\n" * 2000)
    parsed = measure(tool_command("one", tmp_path, "pkg", str(source)), cwd=REPO)
    analysed = measure(
        tool_command("ours-warm", tmp_path, "pkg", str(tmp_path / "cache")), cwd=REPO
    )
    grimp = measure(tool_command("grimp-cold", tmp_path, "pkg", "-"), cwd=REPO)
    for run in (parsed, analysed):
        assert run.work is not None and 0 < run.work < run.seconds
    assert grimp.work is None  # timed from outside only


def test_ratios_show_the_spread_of_their_rounds(monkeypatch):
    """A ratio is the median of its rounds; the lowest and highest round are shown beside
    it, so that a verdict the noise decides can be told from one it does not."""
    monkeypatch.syspath_prepend(str(REPO))  # the harness is not installed
    from bench.run import EDITS, Run, Series, TreeResult, report

    keys = ["cold/floor", "cold/floor2", "warm/cold", "warm/grimp-cached", "memory/grimp"]
    keys += [key for _, _, key in EDITS.values()]
    ratios = {key: [1.0, 1.0, 1.0] for key in keys}
    ratios["changed-warm/file"] = [-11.19, 0.67, 12.63]
    series = {"ours-cold": Series([Run(1.0, 10.0)])}
    text = report([TreeResult("synthetic 1,000", 1047, series, ratios)], [], [])
    assert (
        "| synthetic 1,000 | one file changed (a comment) − warm, in single-file parses "
        "| 0.67 (-11.19 to 12.63) | (for reference: a change in content builds the catalog "
        "again) | n/a |"
    ) in text
    single = {key: [values[1]] for key, values in ratios.items()}
    text = report([TreeResult("synthetic 1,000", 1047, series, single)], [], [])
    assert "| 0.67 | (for reference" in text  # one round: nothing to bracket
