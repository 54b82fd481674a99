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


def _build(project: Path, tree: Path, code: str) -> subprocess.CompletedProcess[str]:
    """A Sphinx build of ``project`` documenting ``tree``, in a Python running ``code``."""
    return subprocess.run(
        [sys.executable, "-c", code, "-q", "-b", "html", "-D", f"scrapersky_src_root={tree}",
         str(project), str(project / "_build")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(EXT)},
        check=False,
        timeout=900,
    )  # fmt: skip


def test_a_tree_at_the_limits_builds_in_bounded_memory(tmp_path):
    tree = limits_tree(tmp_path / "tree")
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-basic", project)
    result = _build(project, tree, BUILD)
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


#: The whole build of the hostile tree gets this much address space (the analysis's child
#: processes for large files take their own, smaller limit).
ADDRESS_SPACE = 2 * 2**30

BOUNDED_BUILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from sphinx.cmd.build import main
sys.exit(main(sys.argv[1:]))
"""


def test_every_hostile_case_at_once_builds_within_2_gib_and_a_time_limit(tmp_path):
    """Every broken-input case of the corpus in one tree, built with the backend's API
    pages under a 2 GiB address-space limit: the build completes, and the ordinary service
    (and every case's own) has its page."""
    from corpus import BASE_SERVICE, CASES, base_tree

    tree = base_tree(tmp_path / "tree")
    cases = [case for case in CASES if not case.root and not case.fatal]
    for case in cases:
        case.setup(tree)
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-api", project)
    result = _build(project, tree, BOUNDED_BUILD.format(limit=ADDRESS_SPACE))
    assert result.returncode == 0, result.stderr[-3000:]
    for marker in ("Traceback", "MemoryError", "RecursionError", "Exception occurred"):
        assert marker not in result.stderr, result.stderr[-3000:]
    pages = project / "_build" / "generated" / "services"
    text = "\n".join(page.read_text(encoding="utf-8") for page in pages.glob("*.html"))
    for service in (BASE_SERVICE, *(service for case in cases for service in case.services)):
        function = service.rsplit(".", 1)[1]
        assert function[:60] in text, service
