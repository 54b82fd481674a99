"""Shared fixtures: Sphinx's own testing fixtures over the small projects in ``roots/``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = "sphinx.testing.fixtures"

TESTS = Path(__file__).parent
REPO = TESTS.parent
BACKENDS = TESTS / "backends"
MIRROR = REPO / "src_mirror"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


ROOTS = TESTS / "roots"


@pytest.fixture()
def shop(tmp_path):
    """A copy of the audit test project and of the shop backend it documents."""
    backend = tmp_path / "backend"
    shutil.copytree(BACKENDS / "shop", backend)
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-audit", project)
    return project, backend


@pytest.fixture(scope="module")
def make_app_module():
    """Sphinx's ``make_app`` for a build shared by the tests of one module."""
    from sphinx.testing.util import SphinxTestApp

    apps = []

    def make(*args, **kwargs):
        app = SphinxTestApp(*args, **kwargs)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.cleanup()


def build(make_app, project: Path, backend: Path, builder: str = "html", **kwargs):
    """Build a project against a backend; ``confoverrides`` may add values."""
    overrides = {"scrapersky_src_root": str(backend), **kwargs.pop("confoverrides", {})}
    app = make_app(builder, srcdir=project, confoverrides=overrides, **kwargs)
    app.build()
    return app


def docs_read(make_app, project: Path, backend: Path, **kwargs) -> list[str]:
    """Build again and return the documents Sphinx read."""
    overrides = {"scrapersky_src_root": str(backend), **kwargs.pop("confoverrides", {})}
    app = make_app("html", srcdir=project, confoverrides=overrides, **kwargs)
    read: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    app.build()
    return sorted(read)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m scrapersky_services ARGS`` in a fresh process (``ext/`` on its path)."""
    return subprocess.run(
        [sys.executable, "-m", "scrapersky_services", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "ext")},
        cwd=cwd,
        check=False,
        timeout=300,
    )


def analyse_backend(name: str, **options):
    """The catalog of one tiny backend under ``tests/backends`` (no cache)."""
    from scrapersky_services.analysis import AnalysisOptions, analyse

    return analyse(AnalysisOptions(str(BACKENDS / name), **options))


def analyse_tree(tree, cache=None):
    """The catalog of a tree, through the cache folder ``cache`` when given."""
    from scrapersky_services.analysis import AnalysisOptions, analyse

    return analyse(AnalysisOptions(str(tree), cache_dir=str(cache) if cache else None))


def write_package(root: Path, **modules: str) -> Path:
    """A tree holding the package ``pkg`` (an empty ``__init__``) with these modules."""
    package = root / "pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    for name, text in modules.items():
        (package / f"{name}.py").write_text(text)
    return root


def count_full_runs(monkeypatch) -> list[int]:
    """A list that grows by one each time the catalog is built afresh (not reused)."""
    from scrapersky_services.analysis import passes

    calls: list[int] = []
    original = passes.build_catalog

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(passes, "build_catalog", counting)
    return calls


def comparable(catalog) -> dict:
    """The catalog as data, without the machine-specific root path."""
    data = catalog.to_dict()
    data.pop("root")
    return data


# -- the real site ------------------------------------------------------------------------


def site_copy(target: Path) -> Path:
    """The repository's docs and conf.py in a folder of their own (the build writes there)."""
    import shutil

    target.mkdir(parents=True)
    shutil.copy(REPO / "conf.py", target / "conf.py")
    shutil.copytree(
        REPO / "docs", target / "docs", ignore=shutil.ignore_patterns("generated", "apidocs")
    )
    for name in ("ext", "src_mirror", "mirror-data"):
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
