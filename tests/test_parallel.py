"""Parallel and reproducible builds: -j 2 equals -j 1; two clean builds are byte-identical."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, ROOTS, build

EXT = REPO / "ext"


def _project(tmp_path: Path, name: str) -> Path:
    project = tmp_path / name
    shutil.copytree(ROOTS / "test-audit", project)
    return project


def _outputs(project: Path) -> dict[str, bytes]:
    out = project / "_build" / "html"
    files = {"needs.json": (out / "needs.json").read_bytes()}
    for path in sorted((project / "generated").rglob("*")):
        if path.is_file():
            files[f"generated/{path.relative_to(project / 'generated')}"] = path.read_bytes()
    for path in sorted((out / "_images").glob("*.svg")):
        files[f"_images/{path.name}"] = path.read_bytes()
    return files


def _sphinx_build(project: Path, backend: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            *options,
            "-D",
            f"scrapersky_src_root={backend}",
            str(project),
            str(project / "_build" / "html"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(EXT)},
    )


def test_parallel_build_equals_serial(shop, tmp_path):
    project, backend = shop
    serial = _sphinx_build(project, backend, "-j", "1")
    other = _project(tmp_path, "parallel")
    parallel = _sphinx_build(other, backend, "-j", "2")
    assert serial.returncode == parallel.returncode == 0
    assert parallel.stderr == "" and serial.stderr == ""
    needs = Path("_build") / "html" / "needs.json"
    assert (other / needs).read_bytes() == (project / needs).read_bytes()


#: Output files that differ between two clean builds of the same input, and why.
NOT_REPRODUCIBLE = {
    # sphinx-needs' report of its schema validation: how long it took, and so how many
    # needs it validated per second (no setting leaves the timing out)
    "schema_violations.json",
}


def _site(out: Path) -> dict[str, bytes]:
    """Every file of an HTML build but those in :data:`NOT_REPRODUCIBLE`."""
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.relative_to(out).as_posix() not in NOT_REPRODUCIBLE
    }


def test_two_clean_builds_are_byte_identical(make_app, shop, tmp_path):
    """Every file of the HTML output is the same (the pages, with sphinx-needs' need
    containers, needs.json, the diagrams, the search index, the generated pages and
    artifacts) but one: sphinx-needs' ``schema_violations.json``, whose summary gives the
    time its schema validation took and the needs it validated per second. The doctrees
    folder is Sphinx's cache, not output: the environment and the analysis cache in it
    hold file times (``sphinx-build`` without ``-d`` puts it in the output folder, as
    ``.doctrees``)."""
    project, backend = shop
    build(make_app, project, backend)
    second = _project(tmp_path, "second")
    build(make_app, second, backend)
    first_files, second_files = _outputs(project), _outputs(second)
    first_site = _site(project / "_build" / "html")
    second_site = _site(second / "_build" / "html")
    assert first_files.keys() == second_files.keys()
    assert first_site.keys() == second_site.keys()
    different = [name for name in first_files if first_files[name] != second_files[name]]
    different += [name for name in first_site if first_site[name] != second_site[name]]
    assert different == []
    assert any(name.endswith(".svg") for name in first_files)
    assert "generated/artifacts/services.json" in first_files
    assert "generated/findings/API1.html" in first_site
