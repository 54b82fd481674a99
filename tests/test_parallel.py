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


def test_two_clean_builds_are_byte_identical(make_app, shop, tmp_path):
    project, backend = shop
    build(make_app, project, backend)
    second = _project(tmp_path, "second")
    build(make_app, second, backend)
    first_files, second_files = _outputs(project), _outputs(second)
    assert first_files.keys() == second_files.keys()
    different = [name for name in first_files if first_files[name] != second_files[name]]
    assert different == []
    assert any(name.endswith(".svg") for name in first_files)
    assert "generated/artifacts/services.json" in first_files
