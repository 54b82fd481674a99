"""The API pages of a backend shaped like the real one build cleanly (``backends/realshaped``).

Namespace packages get pages and links, names the backend imports link to where they are
defined, what no page documents is text without a warning, migrations and files no import
reaches are one warning line, and an unparsable file costs only its own page.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from autodoc2.db import InMemoryDb
from conftest import BACKENDS, ROOTS, build, docs_read
from scrapersky_services.sphinx_ext.api_refs import imported_as
from scrapersky_services.sphinx_ext.build import get_state
from sphinx.ext.graphviz import graphviz
from sphinx.util.console import strip_colors

API = Path("apidocs") / "src"
SCHEDULER = "src.services.background.domain_scheduler"
#: A reference on a hand-written page that nothing documents: it must still warn there.
MANUAL_REFERENCE = "src.models.NoSuchModel"
#: A reference on a hand-written page to what an API page documents: it links there.
API_REFERENCE = "src.models.domain.Domain"
#: A signature on a hand-written page that Sphinx cannot parse: it must still warn there.
MANUAL_SIGNATURE = 'manual(name=f"{1}")'
#: Nitpicky, as the real site.
OVERRIDES = {"nitpicky": True}


def _project(folder: Path) -> Path:
    project = folder / "project"
    shutil.copytree(ROOTS / "test-api", project)
    with (project / "index.md").open("a", encoding="utf-8") as index:
        index.write(f"\nA hand-written reference: {{py:class}}`{MANUAL_REFERENCE}`.\n")
        index.write(f"\nAnd one to an API page: {{py:class}}`{API_REFERENCE}`.\n")
        index.write(f"\n```{{py:function}} {MANUAL_SIGNATURE}\n:no-index:\n```\n")
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory, make_app_module):
    folder = tmp_path_factory.mktemp("realshaped")
    backend = folder / "backend"
    shutil.copytree(BACKENDS / "realshaped", backend)
    project = _project(folder)
    app = build(make_app_module, project, backend, confoverrides=OVERRIDES)
    return app, project, backend


def _warnings(app) -> list[str]:
    text = strip_colors(app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line]


def _page(app, module: str) -> str:
    return (Path(app.outdir) / API / f"{module}.html").read_text(encoding="utf-8")


def test_the_only_warnings_are_the_backends_own_problems(site):
    """Nitpicky, as the real site: one line for the unparsable file, two for the
    hand-written page's reference and signature; nothing else (the files no import reaches
    are a line of the build's output, not a warning)."""
    app, _, _ = site
    warnings = _warnings(app)
    assert len(warnings) == 3, "\n".join(warnings)
    assert not [line for line in warnings if "apidocs" in line], warnings


def test_hand_written_references_link_what_the_api_pages_document(site):
    """The API pages are a build of their own; a ``{py:class}`` on a site page still links
    to the class on its API page (through that build's inventory), relative to the page."""
    app, _, _ = site
    index = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    link = re.search(
        r'<a class="reference internal" href="([^"]+)"><code[^>]*>'
        r'<span class="pre">src\.models\.domain\.Domain</span>',
        index,
    )
    assert link is not None, index
    assert link.group(1) == f"apidocs/src/src.models.domain.html#{API_REFERENCE}"
    assert (Path(app.outdir) / "apidocs" / "src" / "src.models.domain.html").is_file()


def test_namespace_packages_get_api_pages(site):
    app, _, _ = site
    api = Path(app.outdir) / API
    for module in (
        "src.config.settings",
        "src.session.async_session",
        "src.schemas.domain",
        "src.utils.url_utils",
        SCHEDULER,
    ):
        assert (api / f"{module}.html").is_file(), module
    # the folders themselves, which link down to their modules
    for folder in ("src.config", "src.session", "src.services.background", "src.utils.sub"):
        assert (api / f"{folder}.html").is_file(), folder
    assert f'href="{SCHEDULER}.html"' in _page(app, "src.services.background")
    assert 'href="src.services.background.html"' in _page(app, "src.services")


def test_service_pages_link_namespace_modules_to_their_api_pages(site):
    app, _, _ = site
    docname = f"generated/services/{SCHEDULER}.process_pending_domains"
    page = (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")
    assert f'href="../../apidocs/src/{SCHEDULER}.html"' in page  # the function's module
    graph = "\n".join(node["code"] for node in app.env.get_doctree(docname).findall(graphviz))
    for module in ("src.session.async_session", "src.utils.url_utils", "src.config.settings"):
        assert f'URL="../../apidocs/src/{module}.html"' in graph, module


def test_names_the_backend_imports_link_to_where_they_are_defined(site):
    app, _, _ = site
    page = _page(app, "src.routers.domains")
    # inside Annotated[AsyncSession, Depends(get_session)], imported from a namespace package
    assert 'href="src.session.async_session.html#src.session.async_session.get_session"' in page
    # src.models.Domain: re-exported by the package's __init__
    assert 'href="src.models.domain.html#src.models.domain.Domain"' in page
    # a PEP 695 alias and FastAPI's names: documented nowhere, shown as text
    text = re.sub(r"<[^>]*>", "", page)
    assert "DomainId" in text and "Query" in text and "Depends" in text


def test_a_signature_sphinx_cannot_parse_is_shown_as_written(site):
    app, _, _ = site
    unparsed = [line for line in _warnings(app) if "could not parse arglist" in line]
    assert len(unparsed) == 1 and "index.md" in unparsed[0], unparsed  # the hand-written one
    text = re.sub(r"<[^>]*>", "", _page(app, "src.routers.domains"))
    assert "prefix: str = f'{__name__}:'" in text


def test_hand_written_pages_keep_their_nitpicky_warnings(site):
    app, _, _ = site
    missing = [line for line in _warnings(app) if MANUAL_REFERENCE in line]
    assert len(missing) == 1 and "index.md" in missing[0], _warnings(app)
    unparsed = [line for line in _warnings(app) if "could not parse arglist" in line]
    assert len(unparsed) == 1 and "index.md" in unparsed[0], _warnings(app)


def test_files_no_import_reaches_are_one_line_and_no_page(site):
    app, _, _ = site
    # not a warning: every real backend keeps migrations, and -W must pass on it
    assert not [line for line in _warnings(app) if "no import reaches" in line]
    lines = [line for line in app.status.getvalue().splitlines() if "no import reaches" in line]
    assert len(lines) == 1, app.status.getvalue()
    summary = lines[0]
    assert summary.startswith(f"{Path(site[2], 'src', '2025_fix_statuses.py')}:")
    assert "3 files" in summary
    assert "2 database migration scripts" in summary and "not a valid module name" in summary
    assert "src/db/migrations/env.py" in summary
    api = Path(app.outdir) / API
    assert not list(api.glob("src.db.migrations*")) and not list(api.glob("*2025*"))
    # migrations are no application code: not modules, so no rule (MOD1, MOD2) sees them
    catalog = get_state(app.env).catalog
    assert not [module for module in catalog.modules if ".migrations" in module.name]
    assert not [finding for finding in catalog.findings if "migrations" in finding.module]


def test_an_unparsable_file_costs_only_its_own_page(site):
    app, _, backend = site
    lines = [line for line in _warnings(app) if "email_scraper" in line]
    assert len(lines) == 1, _warnings(app)
    assert lines[0].startswith(f"{backend / 'src' / 'tasks' / 'email_scraper.py'}:7: ")
    assert "syntax error" in lines[0]
    api = Path(app.outdir) / API
    assert (api / "src.utils.sub.email_scraper.html").is_file()
    assert not (api / "src.tasks.email_scraper.html").exists()


def test_a_rebuild_reads_nothing_again(site, make_app):
    _, project, backend = site
    assert docs_read(make_app, project, backend, confoverrides=OVERRIDES) == []


def test_re_exports_are_followed_a_few_hops():
    db = InMemoryDb()
    for name, imports in {
        "pkg": [("pkg.api.Model", None)],
        "pkg.api": [("pkg.models.Model", None), ("pkg.models.thing", "helper")],
        "pkg.models": [("pkg.models.base.Model", None)],
        "pkg.models.base": [],
    }.items():
        db.add({"type": "package", "full_name": name, "doc": "", "imports": imports})
    assert imported_as(db, "pkg.Model", "elsewhere") == [
        "pkg.api.Model",
        "pkg.models.Model",
        "pkg.models.base.Model",
    ]
    assert imported_as(db, "helper", "pkg.api") == ["pkg.models.thing"]
    assert imported_as(db, "pkg.Other", None) == []


def test_an_unparsable_top_level_module_of_a_backend_without_package(make_app, tmp_path):
    """Documented as a file of its own, it is left out (sphinx-autodoc2 would stop the build
    on it); the other modules keep their pages."""
    backend = tmp_path / "backend"
    shutil.copytree(BACKENDS / "prefixless", backend)
    (backend / "app" / "broken_top.py").write_text("def f(:\n    pass\n")
    app = build(make_app, _project(tmp_path), backend / "app")
    lines = [line for line in _warnings(app) if "broken_top" in line]
    assert len(lines) == 1 and "broken_top.py:1: WARNING: syntax error" in lines[0], lines
    api = Path(app.outdir) / "apidocs"
    assert (api / "main" / "main.html").is_file()
    assert (api / "core" / "core.config.html").is_file()
    assert not list(api.rglob("broken_top*"))


def test_top_level_namespace_packages_of_a_backend_without_package(make_app, tmp_path):
    backend = tmp_path / "backend"
    shutil.copytree(BACKENDS / "prefixless", backend)
    (backend / "app" / "helpers" / "deep").mkdir(parents=True)
    (backend / "app" / "helpers" / "deep" / "text.py").write_text('"""Text."""\n\nX = 1\n')
    app = build(make_app, _project(tmp_path), backend / "app")
    assert "helpers" not in app.warning.getvalue()
    api = Path(app.outdir) / "apidocs" / "helpers"
    assert (api / "helpers.deep.text.html").is_file()
    assert 'href="helpers.deep.html"' in (api / "helpers.html").read_text(encoding="utf-8")


def test_a_module_sphinx_autodoc2_cannot_analyse_costs_only_its_own_page(make_app, tmp_path):
    """Parsed by the analysis, refused by sphinx-autodoc2's parser (astroid, which recurses
    once per operand of a long sum): one warning, given by the site's build."""
    backend = tmp_path / "backend"
    shutil.copytree(BACKENDS / "minimal", backend)
    init = backend / "app" / "services" / "__init__.py"
    init.write_text(init.read_text() + "\nWEIGHTS = " + " + ".join(["1"] * 3000) + "\n")
    app = build(make_app, _project(tmp_path), backend)
    lines = [line for line in _warnings(app) if "no API page" in line]
    assert len(lines) == 1, lines
    assert "app/services/__init__.py:: WARNING: no API page for app.services" in lines[0]
    assert "sphinx-autodoc2 cannot analyse it" in lines[0]
    api = Path(app.outdir) / "apidocs" / "app"
    assert (api / "app.services.cleanup.html").is_file()  # below it, reached all the same
    assert (api / "app.services.html").is_file()  # as a folder, without its docstring


def test_a_name_bound_twice_is_documented_once_without_a_warning(make_app, tmp_path):
    """Two endpoints with one function name, an attribute annotated twice: valid Python."""
    backend = tmp_path / "backend"
    shutil.copytree(BACKENDS / "minimal", backend)
    (backend / "app" / "twice.py").write_text(
        '"""Twice."""\n\n\nasync def read():\n    """First."""\n\n\n'
        'async def read():\n    """Second."""\n\n\n'
        'class Settings:\n    """S."""\n\n    x: int = 1\n    x: int = 2\n'
    )
    app = build(make_app, _project(tmp_path), backend)
    assert "Duplicate item" not in app.warning.getvalue()
    text = re.sub(
        r"<[^>]*>", "", (Path(app.outdir) / "apidocs" / "app" / "app.twice.html").read_text()
    )
    assert "First." in text and "Second." not in text


def test_a_file_left_out_by_name_does_not_make_every_build_read_every_page(make_app, tmp_path):
    """A link out of the tree is excluded from sphinx-autodoc2's walk by changing its
    package list for that step only: the saved configuration stays the configured one, so
    a build with no change reads nothing."""
    backend = tmp_path / "backend"
    shutil.copytree(BACKENDS / "minimal", backend)
    outside = tmp_path / "outside.py"
    outside.write_text("X = 1\n")
    (backend / "app" / "linked_out.py").symlink_to(outside)
    project = _project(tmp_path)
    first = build(make_app, project, backend)
    assert "linked_out" in first.warning.getvalue()  # reported, and left out
    assert docs_read(make_app, project, backend) == []


def test_the_api_pages_of_a_tree_no_longer_documented_are_removed(make_app, tmp_path):
    """One project, another tree (SCRAPERSKY_SRC changed): the first tree's API pages, which
    sphinx-autodoc2 leaves in the source folder, are not built into the second's site."""
    project = _project(tmp_path)
    build(make_app, project, BACKENDS / "minimal")
    assert (project / "apidocs" / "app").is_dir()
    (project / "apidocs" / "mine").mkdir()
    (project / "apidocs" / "mine" / "notes.md").write_text("# Kept\n")  # not sphinx-autodoc2's
    backend = tmp_path / "backend"
    shutil.copytree(BACKENDS / "realshaped", backend)
    (backend / "src" / "tasks" / "email_scraper.py").unlink()
    app = build(make_app, project, backend)
    assert not (project / "apidocs" / "app").exists()
    assert not list((Path(app.outdir) / "apidocs").glob("app/*.html"))
    assert (project / "apidocs" / "mine" / "notes.md").is_file()
    assert "app.services" not in app.warning.getvalue()
