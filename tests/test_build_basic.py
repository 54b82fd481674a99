"""A real Sphinx build of a small project with the extension enabled."""

from __future__ import annotations

import pytest
from conftest import BACKENDS


@pytest.mark.sphinx(
    "html", testroot="basic", confoverrides={"scrapersky_src_root": str(BACKENDS / "minimal")}
)
def test_build_has_no_warnings_and_documents_the_extension(app):
    app.build()
    assert app.warning.getvalue() == ""
    html = (app.outdir / "index.html").read_text(encoding="utf8")
    # the reference tables are generated from the config dataclass and warning registry
    assert "scrapersky_src_root" in html
    assert "scrapersky_graphviz_dot" in html
    assert "scrapersky.triage_stale" in html


@pytest.mark.sphinx(
    "html", testroot="basic", confoverrides={"scrapersky_src_root": str(BACKENDS / "minimal")}
)
def test_graphviz_is_configured_for_svg(app):
    assert app.config.graphviz_output_format == "svg"
    assert app.config.graphviz_dot.endswith(("graphviz-pure", "dot"))


@pytest.mark.sphinx(
    "html", testroot="basic", confoverrides={"scrapersky_src_root": str(BACKENDS / "minimal")}
)
def test_the_collector_is_tuned_during_the_build_and_put_back_after(app):
    import gc

    before = gc.get_threshold()
    seen = []
    app.connect("env-updated", lambda app, env: seen.append(gc.get_threshold()), priority=950)
    app.build()
    assert seen and seen[0][2] > before[2]  # full collections rarer while building
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_process_that_built_the_site_exits_without_collecting_its_heap(tmp_path):
    """Everything is frozen once the process exits (its last full collection skipped);
    a handler registered before the build runs after that one and sees it."""
    import os
    import shutil
    import subprocess
    import sys

    from conftest import REPO, ROOTS

    script = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count()))\n"
        "from sphinx.cmd.build import main\n"
        "print('frozen after the build:', gc.get_freeze_count() if main(sys.argv[1:]) == 0 "
        "else 'failed')\n"
    )
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-basic", project)
    done = subprocess.run(
        [sys.executable, "-c", script, "-q", "-b", "html", str(project),
         str(tmp_path / "out"), "-D", f"scrapersky_src_root={BACKENDS / 'minimal'}"],
        capture_output=True, text=True, check=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO / "ext")},
    )  # fmt: skip
    lines = done.stdout.splitlines()
    assert "frozen after the build: 0" in lines, done.stdout + done.stderr
    frozen = [int(line.split(": ")[1]) for line in lines if line.startswith("frozen at exit")]
    assert frozen and frozen[0] > 10_000, done.stdout
