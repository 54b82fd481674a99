"""Real Sphinx builds of a small project documenting the shop backend."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import build


def page_text(path: Path) -> str:
    """The visible text of an HTML page, whitespace normalised."""
    from bs4 import BeautifulSoup

    return " ".join(BeautifulSoup(path.read_text(), "html.parser").get_text(" ").split())


def needs_of(app) -> dict:
    data = json.loads((Path(app.outdir) / "needs.json").read_text())
    version = next(iter(data["versions"].values()))
    return version["needs"]


def test_clean_build_has_no_warnings(make_app, shop):
    project, backend = shop
    app = build(make_app, project, backend)
    assert app.warning.getvalue() == ""
    assert (project / "generated" / "services" / "app.jobs.ship_orders.md").is_file()
    html = page_text(Path(app.outdir) / "generated" / "services" / "app.jobs.ship_orders.html")
    assert "every 5 minutes" in html
    assert "settings.SHIP_MINUTES (default 5)" in html
    assert "Queued orders leave the warehouse within five minutes." in html
    assert "PUT /api/v3/orders/{order_id}/ship" in html  # the producer of its queue


def test_every_need_type_and_link(make_app, shop):
    project, backend = shop
    needs = needs_of(build(make_app, project, backend))
    types = {need["type"] for need in needs.values()}
    assert types == {"mandate", "service", "finding", "workorder", "woitem"}
    db1 = needs["DB1-4E2E39FB"]
    assert db1["violates"] == ["MAN-SESSION"]
    assert db1["status"] == "planned"  # from the triage file
    assert db1["planned_in"] == ["WOI-SHOP-DB"]
    assert db1["resolves_back"] == ["WOI-SHOP-DB"]
    assert db1["severity"] == "high" and db1["location"] == "app/legacy.py:4"
    assert needs["MOD1-7BEE3E31"]["status"] == "accepted"
    assert needs["API1-FF649464"]["status"] == "open"
    assert needs["WOI-SHOP-DB"]["part_of"] == ["WO-SHOP"]
    services = {need["title"]: need for need in needs.values() if need["type"] == "service"}
    ship = services["ship_orders (Scheduled job (interval))"]
    assert ship["status"] == "registered" and ship["kind"] == "apscheduler-interval"
    assert ship["workflow"] == "WF-SHIP" and ship["trigger"] == "every 5 minutes"
    assert needs["MAN-SESSION"]["violates_back"] == ["DB1-4E2E39FB"]


def test_svg_diagrams_link_to_existing_pages(make_app, shop):
    project, backend = shop
    app = build(make_app, project, backend)
    images = Path(app.outdir) / "_images"
    svgs = sorted(images.glob("*.svg"))
    assert svgs
    links = 0
    for svg in svgs:
        root = ET.parse(svg).getroot()  # valid XML
        for anchor in root.iter("{http://www.w3.org/2000/svg}a"):
            href = anchor.get("{http://www.w3.org/1999/xlink}href")
            if href is None:
                continue  # a tooltip only
            assert anchor.get("target") == "_top"
            target = (images / href.split("#")[0]).resolve()
            assert target.is_file(), href
            links += 1
    assert links >= 3
    page = (Path(app.outdir) / "generated" / "services" / "app.jobs.ship_orders.html").read_text()
    assert 'type="image/svg+xml"' in page


def test_artifacts_are_published(make_app, shop):
    project, backend = shop
    app = build(make_app, project, backend)
    downloads = list((Path(app.outdir) / "_downloads").rglob("*.json"))
    names = {path.name for path in downloads}
    assert {
        "services.json",
        "functional_dependency_map.json",
        "all_used_modules.json",
        "unused_candidates.json",
    } <= names
    unused = json.loads(
        next(path for path in downloads if path.name == "unused_candidates.json").read_text()
    )
    assert unused["modules"] == [
        {
            "name": "app.legacy",
            "path": "app/legacy.py",
            "finding": "MOD1-7BEE3E31",
            "review": "accepted",
        }
    ]
    dependency_map = json.loads(
        next(
            path for path in downloads if path.name == "functional_dependency_map.json"
        ).read_text()
    )
    assert "app.jobs.ship_orders" in dependency_map["modules"]["app.models"]["services"]
    assert "WF-SHIP" in dependency_map["modules"]["app.models"]["workflows"]


def test_text_from_the_data_files_is_never_a_needs_function_or_a_path(make_app, shop):
    project, backend = shop
    services = project / "services.toml"
    services.write_text(
        services.read_text().replace('workflow = "WF-SHIP"\nowner', "workflow = \"[[copy('id')]]\"\nowner", 1)
        .replace('owner = "Fulfilment"', 'owner = "[[broken("'),
        encoding="utf-8",
    )  # fmt: skip
    triage = project / "triage.toml"
    triage.write_text(
        triage.read_text()
        .replace('workitem = "WOI-SHOP-DB"', 'workitem = "../../etc/passwd"')
        .replace('reason = "Moves to the session factory."', "reason = \"[[copy('id')]]\""),
        encoding="utf-8",
    )
    app = build(make_app, project, backend)
    warnings = app.warning.getvalue()
    assert "Traceback" not in warnings and "Exception" not in warnings
    assert "workitem must be the id of a work-order item" in warnings
    assert "'../../etc/passwd'" in warnings
    needs = needs_of(app)
    ship = next(need for need in needs.values() if need["type"] == "service"
                and "ship_orders" in need["title"])  # fmt: skip
    # kept as written (a word joiner between the brackets), not run as copy('id')
    assert ship["workflow"] == "[\u2060[copy('id')]\u2060]"
    assert ship["owner"] == "[\u2060[broken("
    reasons = [need.get("reason", "") for need in needs.values() if need["type"] == "finding"]
    assert "[\u2060[copy('id')]\u2060]" in reasons
