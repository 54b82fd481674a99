"""A tree at the analyser's limits builds, with every limit visible, in bounded memory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOTS
from limits_tree import CHAIN, limits_tree

EXT = Path(__file__).parents[1] / "ext"

#: Peak memory allowed for the whole build (a 2-core, 24 GiB machine runs two at once
#: with room to spare; measured: see docs/reference/limits.md).
MEMORY_BUDGET_MB = 2048

BUILD = """
import resource, sys
from sphinx.cmd.build import main
code = main(sys.argv[1:])
print("peak-kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def test_a_tree_at_the_limits_builds_in_bounded_memory(tmp_path):
    tree = limits_tree(tmp_path / "tree")
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-basic", project)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            BUILD,
            "-q",
            "-b",
            "html",
            "-D",
            f"scrapersky_src_root={tree}",
            str(project),
            str(project / "_build"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(EXT)},
        check=False,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    peak_mb = int(result.stderr.rsplit("peak-kb", 1)[1].split()[0]) // 1024
    print(f"limits tree: sphinx-build peak {peak_mb} MB")
    assert peak_mb < MEMORY_BUDGET_MB, peak_mb
    # nothing at the limits was refused: no source warning at all
    assert "[scrapersky.source]" not in result.stderr, result.stderr[-3000:]
    out = project / "_build" / "generated" / "services"
    # the job at the end of the largest file is found and documented
    assert (out / "app.largest.last_job.html").is_file()
    # the diagram of the chained job is cut at the node cap, and says so
    chained = (out / "app.services.chained.chained_job.html").read_text(encoding="utf-8")
    assert "of the import chain are not drawn" in chained and "40 modules" in chained
    catalog = json.loads(
        next((project / "generated").rglob("services.json")).read_text(encoding="utf-8")
    )
    assert {f"app.chain.link_{number}" for number in range(CHAIN)} <= {
        module["name"] for module in catalog["modules"]
    }
