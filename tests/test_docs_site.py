"""The real site: it builds with -W from the mirror, and from another tree with no code change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BACKENDS, REPO, ROOTS


def site_copy(target: Path) -> Path:
    """The repository's docs and conf.py in a folder of their own (the build writes there)."""
    import shutil

    target.mkdir(parents=True)
    shutil.copy(REPO / "conf.py", target / "conf.py")
    shutil.copytree(
        REPO / "docs", target / "docs", ignore=shutil.ignore_patterns("generated", "apidocs")
    )
    for name in ("ext", "src_mirror"):
        (target / name).symlink_to(REPO / name)
    return target


def sphinx_build(
    project: Path, *options: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            *options,
            "-c",
            str(project),
            str(project / "docs"),
            str(project / "_build" / "html"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site built once for the session (HTML in ``_build/html``)."""
    project = site_copy(tmp_path_factory.mktemp("site") / "project")
    result = sphinx_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "_build" / "html"


def test_site_builds_with_W(built_site):
    assert (built_site / "index.html").is_file()
    assert (
        built_site
        / "generated"
        / "services"
        / "src.services.domain_scheduler.process_pending_domains.html"
    ).is_file()
    needs = json.loads((built_site / "needs.json").read_text())
    version = next(iter(needs["versions"].values()))["needs"]
    assert version["WO-BGS-AUDIT"]["type"] == "workorder"
    assert version["FLOW4-BBAA6829"]["status"] == "planned"
    assert version["FLOW4-BBAA6829"]["resolves_back"] == ["WOI-BGS-STATES"]


def test_another_tree_builds_without_any_code_change(tmp_path):
    project = site_copy(tmp_path / "project")
    result = sphinx_build(
        project,
        env={
            "SCRAPERSKY_SRC": str(BACKENDS / "shop"),
            "SCRAPERSKY_SERVICES_FILE": str(ROOTS / "test-audit" / "services.toml"),
            "SCRAPERSKY_TRIAGE_FILE": str(ROOTS / "test-audit" / "triage.toml"),
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    html = project / "_build" / "html"
    assert (html / "generated" / "services" / "app.jobs.ship_orders.html").is_file()
    assert not (
        html
        / "generated"
        / "services"
        / "src.services.domain_scheduler.process_pending_domains.html"
    ).exists()
    # the API pages document the other tree's package
    assert (project / "docs" / "apidocs" / "app" / "app.jobs.md").is_file()
