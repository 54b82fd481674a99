"""The API pages are built by a second Sphinx process and kept between builds
(:mod:`scrapersky_services.sphinx_ext.api_site`).

A clean build of unchanged code reuses them without running that build; a changed module
makes it run again and read that module's page only; its failure is a warning of the
site's build, which goes on without API pages.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from conftest import BACKENDS, ROOTS, build
from sphinx.search import js_index
from sphinx.util.console import strip_colors

PAGE = Path("apidocs") / "app" / "app.scheduler.html"


def _site(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-api", project)
    backend = tmp_path / "backend"
    shutil.copytree(BACKENDS / "minimal", backend)
    overrides = {"scrapersky_cache_dir": str(tmp_path / "api")}
    return project, backend, overrides


def _api_pages(outdir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted((outdir / "apidocs").rglob("*.html"))
    }


def _status(app) -> str:
    return strip_colors(app.status.getvalue())


def test_a_clean_build_of_unchanged_code_reuses_the_api_pages(make_app, tmp_path):
    project, backend, overrides = _site(tmp_path)
    first = build(make_app, project, backend, confoverrides=overrides)
    assert "building the API pages in the background" in _status(first)
    pages = _api_pages(Path(first.outdir))
    assert PAGE.as_posix() in pages
    kept = tmp_path / "api" / "api" / "html" / PAGE
    built_at = kept.stat().st_mtime_ns

    shutil.rmtree(first.outdir)  # a clean build: output and doctrees gone
    second = build(make_app, project, backend, confoverrides=overrides)
    assert "API pages unchanged; reused" in _status(second)
    assert "building the API pages" not in _status(second)
    assert kept.stat().st_mtime_ns == built_at  # nothing built them again
    assert _api_pages(Path(second.outdir)) == pages  # the same bytes, in the same places


def test_a_changed_module_builds_again_only_its_api_page(make_app, tmp_path):
    project, backend, overrides = _site(tmp_path)
    build(make_app, project, backend, confoverrides=overrides)
    doctrees = tmp_path / "api" / "api" / "doctrees" / "apidocs" / "app"
    before = {path.name: path.stat().st_mtime_ns for path in doctrees.glob("*.doctree")}
    module = backend / "app" / "scheduler.py"
    module.write_text('"""Now with a new first line."""\n' + module.read_text())

    app = build(make_app, project, backend, confoverrides=overrides)
    assert "building the API pages in the background" in _status(app), _status(app)
    assert "Now with a new first line." in (Path(app.outdir) / PAGE).read_text()
    after = {path.name: path.stat().st_mtime_ns for path in doctrees.glob("*.doctree")}
    read_again = sorted(name for name in after if after[name] != before.get(name))
    assert read_again == ["app.scheduler.doctree"]


def test_a_failed_api_build_is_a_warning_and_the_site_is_built_without_it(
    make_app, tmp_path, monkeypatch
):
    project, backend, overrides = _site(tmp_path)
    monkeypatch.setattr(sys, "executable", shutil.which("false"))  # that process fails
    app = build(make_app, project, backend, confoverrides=overrides)
    warnings = strip_colors(app.warning.getvalue())
    assert "the API pages could not be built (exit code 1); the site links none" in warnings
    assert "[scrapersky.api]" in warnings
    assert (Path(app.outdir) / "index.html").is_file()
    assert not (Path(app.outdir) / "apidocs").exists()
    # the index's link to them is text, not a link to a page that is not there
    index = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert 'href="apidocs/index.html"' not in index


def test_a_clean_build_draws_no_diagram_that_a_previous_build_drew(make_app, tmp_path):
    """Diagrams are kept by their content (``diagrams/`` of the same folder): a clean build
    of the same site runs Graphviz for none of them and writes the same files."""
    project, backend, overrides = _site(tmp_path)
    probe = build(make_app, project, backend, confoverrides=overrides)
    program = probe.config.graphviz_dot
    shutil.rmtree(probe.outdir)
    drawn = tmp_path / "drawn.log"
    counting = tmp_path / "counting-dot"
    counting.write_text(
        f'#!/bin/sh\ncase "$*" in *-o*) echo "$*" >> "{drawn}";; esac\nexec "{program}" "$@"\n'
    )
    counting.chmod(0o755)
    overrides["scrapersky_graphviz_dot"] = str(counting)
    first = build(make_app, project, backend, confoverrides=overrides)
    images = Path(first.outdir) / "_images"
    diagrams = {path.name: path.read_bytes() for path in images.glob("graphviz-*.svg")}
    assert diagrams and len(drawn.read_text().splitlines()) == len(diagrams)

    drawn.unlink()
    shutil.rmtree(first.outdir)
    second = build(make_app, project, backend, confoverrides=overrides)
    assert not drawn.exists()  # Graphviz never ran
    images = Path(second.outdir) / "_images"
    assert {path.name: path.read_bytes() for path in images.glob("graphviz-*.svg")} == diagrams


def _search_index(outdir: Path) -> dict:
    with (outdir / "searchindex.js").open(encoding="utf-8") as stream:
        return js_index.load(stream)


def _documents_with(index: dict, key: str, word: str) -> set[str]:
    found = index[key].get(word, [])
    return {index["docnames"][i] for i in ([found] if isinstance(found, int) else found)}


def test_the_site_search_finds_the_api_pages_and_merges_them_once(make_app, tmp_path):
    project, backend, overrides = _site(tmp_path)
    app = build(make_app, project, backend, confoverrides=overrides)
    outdir = Path(app.outdir)
    index = _search_index(outdir)
    page = "apidocs/app/app.services.cleanup"
    assert {"index", "generated/services/index", page} <= set(index["docnames"])
    assert index["docnames"] == sorted(index["docnames"])
    # a word of the API page, and its function among the objects the search lists first
    assert page in _documents_with(index, "terms", "purge_expir")
    functions = [name for name, kind in index["objtypes"].items() if kind == "py:function"]
    listed = {
        (index["docnames"][entry[0]], entry[4])
        for entry in index["objects"].get("app.services.cleanup", [])
        if str(entry[1]) in functions
    }
    assert (page, "purge_expired") in listed
    # the site's own words still lead to the site's pages
    assert "generated/services/index" in _documents_with(index, "titleterms", "servic")
    merged = (outdir / "searchindex.js").read_bytes()

    again = build(make_app, project, backend, confoverrides=overrides)  # nothing changed
    assert (Path(again.outdir) / "searchindex.js").read_bytes() == merged


def _analysed(folder: Path) -> set[str]:
    """The modules the last API build gave to sphinx-autodoc2's analysis (its progress)."""
    status = strip_colors((folder / "status.txt").read_text(encoding="utf-8"))
    return set(re.findall(r"for their API pages\.\.\. \[\s*\d+%\] (\S+)", status))


def test_a_changed_module_is_analysed_again_with_its_importers_only(make_app, tmp_path):
    """sphinx-autodoc2's analysis of a module reads the modules it imports (astroid's
    inference): a module is analysed again when it or one of those changed, and the pages
    are the same bytes as a clean build's."""
    project, backend, overrides = _site(tmp_path)
    folder = tmp_path / "api" / "api"
    build(make_app, project, backend, confoverrides=overrides)
    every = _analysed(folder)
    assert {"app.main", "app.scheduler", "app.services.cleanup"} <= every

    cleanup = backend / "app" / "services" / "cleanup.py"
    cleanup.write_text(cleanup.read_text() + "\n\ndef added() -> None:\n    pass\n")
    app = build(make_app, project, backend, confoverrides=overrides)
    # main imports cleanup; the scheduler imports neither
    assert _analysed(folder) == {"app.services.cleanup", "app.main"}
    assert "added" in (Path(app.outdir) / "apidocs/app/app.services.cleanup.html").read_text()

    scheduler = backend / "app" / "scheduler.py"
    scheduler.write_text('"""The one scheduler."""\n' + scheduler.read_text())
    app = build(make_app, project, backend, confoverrides=overrides)
    assert _analysed(folder) == {"app.scheduler", "app.services.cleanup", "app.main"}
    incremental = _api_pages(Path(app.outdir))

    shutil.rmtree(tmp_path / "api")  # nothing kept: every module analysed
    clean = build(make_app, project, backend, confoverrides=overrides)
    assert _analysed(folder) == every
    assert _api_pages(Path(clean.outdir)) == incremental
