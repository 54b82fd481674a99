"""A tiny run of the benchmark harness, so that it cannot rot."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_tiny_benchmark_run(tmp_path):
    output = tmp_path / "performance.md"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--sizes",
            "20",
            "--rounds",
            "1",
            "--warmup",
            "0",
            "--no-mirror",
            "--docs",
            "smallest",
            "--workdir",
            str(tmp_path / "work"),
            "--output",
            str(output),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    text = output.read_text()
    for figure in (
        "parse floor, 1 process",
        "parse floor, 2 processes",
        "ours, cold (empty cache)",
        "ours, warm (unchanged tree)",
        "ours, one file changed (a comment)",
        "ours, one file changed (a new function)",
        "grimp build_graph, no cache",
        "grimp build_graph, cached",
        "sphinx-autodoc2 analysis",
        "cold / parse floor (1 process)",
        "warm / cold",
        "sphinx-autodoc2 / ours cold",
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
