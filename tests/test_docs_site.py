"""The real site: it builds with -W from the mirror, and from another tree with no code change."""

from __future__ import annotations

import json
import shutil

from conftest import BACKENDS, ROOTS, site_copy, sphinx_build


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
    # the demo's site shows the benchmark's figures (a site for another tree does not)
    assert "clean build as" in (built_site / "performance.html").read_text()


def test_another_tree_builds_without_any_code_change(tmp_path):
    """The shop backend with a data folder of its own: its outcomes, triage, mandates'
    values and a work-order page, all from the folder, none from conf.py."""
    data = tmp_path / "shop-data"
    (data / "pages").mkdir(parents=True)
    for name in ("services.toml", "triage.toml"):
        shutil.copy(ROOTS / "test-audit" / name, data / name)
    shutil.copy(ROOTS / "test-audit" / "work.md", data / "pages" / "work.md")
    (data / "pages" / "index.md").write_text("# The shop\n\n```{toctree}\nwork\n```\n")
    (data / "scrapersky.toml").write_text(
        '[config]\napi_prefix = "/api/v3"\nsession_factory_modules = ["session.async_session"]\n'
        '[site]\ntitle = "Shop jobs"\n'
    )
    project = site_copy(tmp_path / "project")
    result = sphinx_build(
        project, env={"SCRAPERSKY_SRC": str(BACKENDS / "shop"), "SCRAPERSKY_DATA": str(data)}
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
    # the data folder's pages and title
    assert (html / "backend" / "work.html").is_file()
    assert "<title>Shop jobs</title>" in (html / "index.html").read_text()
