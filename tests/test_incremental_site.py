"""Incremental and reproducible builds of a backend that is not the mirror.

The shop backend and the audit project are copied to a temporary folder and edited there;
the second build runs in the same folders, so it is incremental. Each test checks the
output a reader sees (every page's HTML, sidebars included, and the warnings), not only
the documents Sphinx read.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import BACKENDS, ROOTS, build, docs_read
from test_incremental_edits import add_service, add_triage, delete_service

FURO = {"html_theme": "furo"}


def _warnings(app, project: Path) -> list[str]:
    # a second app in one process warns that Sphinx's own nodes are registered again
    return sorted(
        line.replace(str(project), "<project>")
        for line in app._warning.getvalue().splitlines()
        if line.strip() and "while setting up extension" not in line
    )


def _pages(app) -> dict[str, str]:
    """The HTML of every document of the build, by docname."""
    out = Path(app.outdir)
    return {
        docname: (out / f"{docname}.html").read_text(encoding="utf-8")
        for docname in sorted(app.env.found_docs)
    }


def test_a_deleted_service_leaves_no_page_link_or_warning(make_app, shop):
    project, backend = shop
    build(make_app, project, backend, confoverrides=FURO)
    page = "generated/services/app.jobs.nightly_cleanup"
    assert (project / f"{page}.md").is_file()

    delete_service(project, backend)
    app = build(make_app, project, backend, confoverrides=FURO)

    assert not (project / f"{page}.md").exists()
    out = Path(app.outdir)
    assert not (out / f"{page}.html").exists()
    assert not (out / "_sources" / f"{page}.md.txt").exists()
    assert page not in app.env.all_docs and page not in app.env.found_docs
    assert [doc for doc, included in app.env.toctree_includes.items() if page in included] == []
    # no page links to it: not in its body, not in its sidebar, not as previous/next
    assert [doc for doc, html in _pages(app).items() if "app.jobs.nightly_cleanup" in html] == []
    assert _warnings(app, project) == []


def _summary_text(html: str) -> str:
    """The text of the summary cards (the figures and what they count)."""
    (cards,) = re.findall(
        r'<div class="sd-container-fluid.*?<div class="sphinxsidebar"', html, re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", cards).split())


def _with_summary_page(project: Path) -> None:
    """A page with the summary cards that is not the toctree parent of the generated
    pages (the site's home page reaches the finding pages through the audit page)."""
    conf = project / "conf.py"
    conf.write_text(conf.read_text().replace('"myst_parser",', '"myst_parser", "sphinx_design",'))
    (project / "home.md").write_text("# Home\n\n```{scrapersky-summary}\n```\n")
    index = project / "index.md"
    index.write_text(index.read_text().replace("```{toctree}\n", "```{toctree}\nhome\n"))


def _summary_after(make_app, project: Path, backend: Path, edit, clean_project: Path):
    """The summary's text before the edit, after it incrementally, and after it clean."""
    _with_summary_page(project)
    before = _summary_text(_pages(build(make_app, project, backend))["home"])
    edit(project, backend)
    after = _summary_text(_pages(build(make_app, project, backend))["home"])
    shutil.copytree(project, clean_project, ignore=shutil.ignore_patterns("_build", "generated"))
    clean = _summary_text(_pages(build(make_app, clean_project, backend))["home"])
    return before, after, clean


def test_the_home_page_counts_follow_a_triage_edit(make_app, shop, tmp_path):
    """The open findings are counted by sphinx-needs when the page is written: the page
    is written again when the needs change, though it is not read again."""
    project, backend = shop
    # API1-FF649464 accepted: one open finding less
    before, after, clean = _summary_after(
        make_app, project, backend, add_triage, tmp_path / "clean"
    )
    assert before != clean
    assert after == clean


def add_router(project: Path, backend: Path) -> None:
    """A router without endpoints: one router more, nothing else changes."""
    (backend / "app" / "routers" / "empty.py").write_text(
        'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/empty")\n'
    )
    main = backend / "app" / "main.py"
    main.write_text(
        main.read_text()
        .replace("import orders\n", "import empty, orders\n")
        .replace(
            "\n\n@app.get", '\napp.include_router(empty.router, prefix="/api/v3")\n\n\n@app.get'
        )
    )


def test_the_home_page_figures_follow_the_backend(make_app, shop, tmp_path):
    """Every figure of the cards from the catalog is in the data the page is read again for."""
    project, backend = shop
    before, after, clean = _summary_after(
        make_app, project, backend, add_router, tmp_path / "clean"
    )
    assert "in 2 routers" in before and "in 3 routers" in clean
    assert after == clean


def test_every_sidebar_lists_a_new_service(make_app, shop):
    project, backend = shop
    build(make_app, project, backend, confoverrides=FURO)

    add_service(project, backend)
    app = build(make_app, project, backend, confoverrides=FURO)

    page = "generated/services/app.jobs.restock"
    link = "app.jobs.restock.html"
    assert (Path(app.outdir) / f"{page}.html").is_file()
    pages = _pages(app)
    assert len(pages) > 10
    # on its own page, the sidebar links it as "#"
    assert [doc for doc, html in pages.items() if link not in html and doc != page] == []


def test_the_analysis_warnings_are_reported_by_every_build(make_app, shop):
    """The analysis runs on every build (``builder-inited``), so its warnings (here an
    undocumented service, DOC1) are reported even when no page is read: ``-W`` fails on
    an incremental build as on a clean one."""
    project, backend = shop
    services = project / "services.toml"
    services.write_text(
        services.read_text().replace('outcome = "Abandoned carts do not pile up."\n', "")
    )
    first = build(make_app, project, backend)
    warnings = _warnings(first, project)
    assert any("DOC1: service" in line and "nightly_cleanup" in line for line in warnings)

    again = build(make_app, project, backend, warningiserror=True)
    assert again.statuscode == 1
    assert _warnings(again, project) == warnings


def test_a_directive_warning_is_reported_when_its_page_is_not_read(make_app, shop):
    """A directive's warning is logged while its page is read; it is kept with the page
    and reported again by every build that does not read the page."""
    project, backend = shop
    work = project / "work.md"
    work.write_text(work.read_text() + "\n```{scrapersky-service} no_such_service\n```\n")
    first = build(make_app, project, backend)
    warnings = _warnings(first, project)
    assert any("no service 'no_such_service'" in line for line in warnings)

    assert docs_read(make_app, project, backend) == []
    again = build(make_app, project, backend)
    assert _warnings(again, project) == warnings


def _written(make_app, project: Path, backend: Path) -> list[str]:
    """Build again; the pages written."""
    app = make_app("html", srcdir=project, confoverrides={"scrapersky_src_root": str(backend)})
    written: list[str] = []
    app.connect("html-page-context", lambda app, page, *args: written.append(page))
    app.build()
    return sorted(page for page in written if page in app.env.found_docs)


def test_an_edit_that_changes_no_need_or_title_writes_only_what_it_read(make_app, shop):
    """Pages showing needs are written again only when a need changed: a docstring edit
    changes the service's page, not its need."""
    project, backend = shop
    build(make_app, project, backend)
    reports = backend / "app" / "reports.py"
    reports.write_text(
        reports.read_text().replace("Render the order report.", "Render the order report as PDF.")
    )
    # the pages read (test_incremental) and their toctree ancestors, which Sphinx writes
    assert _written(make_app, project, backend) == [
        "generated/findings/artifacts",
        "generated/findings/index",
        "generated/services/app.reports.build_report",
        "generated/services/index",
        "generated/status-flow",
        "index",
    ]


def test_a_deleted_module_leaves_no_api_page(make_app, tmp_path):
    """The API page of a deleted module is removed with its document, as a generated page
    is: Sphinx leaves the HTML of a removed document in the output."""
    backend = tmp_path / "backend"
    shutil.copytree(BACKENDS / "shop", backend)
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-api", project)
    page = "apidocs/app/app.legacy"
    first = build(make_app, project, backend)
    assert (Path(first.outdir) / f"{page}.html").is_file()

    (backend / "app" / "legacy.py").unlink()
    app = build(make_app, project, backend)
    assert page not in app.env.all_docs
    assert not (Path(app.outdir) / f"{page}.html").exists()
    assert [doc for doc, html in _pages(app).items() if "app.legacy.html" in html] == []


def _diagram_links(app, page: str) -> list[str]:
    """The links of the diagrams (SVG files) on a page, as written in the SVG."""
    out = Path(app.outdir)
    html = (out / f"{page}.html").read_text(encoding="utf-8")
    links = []
    for svg in re.findall(r'<object data="([^"]+\.svg)"', html):
        text = (out / page).parent.joinpath(svg).resolve().read_text(encoding="utf-8")
        links += re.findall(r'\bhref="([^"]+)"', text)
    return sorted(links)


def test_a_service_page_links_a_module_of_its_import_chain_that_gains_a_service(
    make_app, shop, tmp_path
):
    """The import chain of a service page links each module to its service page: a module
    that gains a service changes the page, though neither the service's files nor anything
    else it shows changed (the digest recorded for the page is of what it shows)."""
    project, backend = shop
    settings = backend / "app" / "settings.py"
    settings.write_text("import threading\nimport time\n\n" + settings.read_text())
    page = "generated/services/app.jobs.ship_orders"
    before = build(make_app, project, backend)
    link = "../generated/services/app.settings.refresh_settings.html"
    assert _diagram_links(before, page) and link not in _diagram_links(before, page)

    # app.jobs imports app.settings, which now starts a thread (no new finding or import)
    settings.write_text(
        settings.read_text()
        + '\n\ndef refresh_settings():\n    """Reload the settings, every minute."""\n'
        + "    while True:\n        time.sleep(60)\n\n\n"
        + "threading.Thread(target=refresh_settings, daemon=True).start()\n"
    )
    services = project / "services.toml"
    services.write_text(
        services.read_text()
        + '\n[services."app.settings.refresh_settings"]\noutcome = "Settings stay fresh."\n'
    )
    after = build(make_app, project, backend)
    clean_project = tmp_path / "clean"
    shutil.copytree(project, clean_project, ignore=shutil.ignore_patterns("_build", "generated"))
    clean = build(make_app, clean_project, backend)

    assert link in _diagram_links(clean, page)
    assert _diagram_links(after, page) == _diagram_links(clean, page)
    assert _pages(after)[page] == _pages(clean)[page]
