"""The renderers: generated page text and DOT as regression files, words, escaping."""

from __future__ import annotations

import pytest
from conftest import analyse_backend
from scrapersky_services.render.graphs import (
    import_graph,
    pipeline_graph,
    safe_url,
    service_graph,
    to_dot,
)
from scrapersky_services.render.pages import md_text, render_pages, slug
from scrapersky_services.render.words import cron_words, every


@pytest.fixture(scope="module")
def shop():
    return analyse_backend("shop")


def test_generated_pages(shop, data_regression):
    pages = render_pages(shop, {s.id: f"SRV-{i}" for i, s in enumerate(shop.services)})
    data_regression.check({page.name: page.text for page in pages})


def test_import_graph_dot(shop, file_regression):
    graph = import_graph(shop, "app.main", lambda module: f"../api/{module}.html?x=1&y=2")
    file_regression.check(to_dot(graph), extension=".dot")


def test_pipeline_dot(shop, file_regression):
    file_regression.check(
        to_dot(pipeline_graph(shop, lambda service: f"{service.function}.html")), extension=".dot"
    )


def test_service_dot(shop, file_regression):
    service = shop.services_by_id["app.jobs.ship_orders"]
    file_regression.check(to_dot(service_graph(shop, service, lambda s: None)), extension=".dot")


def test_import_graph_limits_and_cycles():
    catalog = analyse_backend("statusflow")
    small = import_graph(catalog, "app.main", lambda module: None, max_depth=1, max_nodes=3)
    assert len(small.nodes) == 3
    assert "not drawn" in small.note and "depth 1, 3 modules" in small.note
    full = import_graph(catalog, "app.main", lambda module: None)
    assert full.note == ""


def test_words():
    assert every(60) == "every minute"
    assert every(300) == "every 5 minutes"
    assert every(90) == "every 90 seconds"
    assert every(7200) == "every 2 hours"
    assert every(86400) == "every day"
    assert cron_words({"hour": "3", "minute": "15"}) == "every day at 03:15"
    assert cron_words({"day_of_week": "mon-fri", "hour": "6"}) == "Monday–Friday at 06:00"
    assert cron_words({"minute": "*/15"}) == "cron minute=*/15"


def test_text_from_code_is_never_markup():
    assert md_text("{raw}`<b>` *x* | y\n.. include:: /etc/passwd") == (
        "\\{raw\\}\\`\\<b\\>\\` \\*x\\* \\| y \\.\\. include\\:\\: \\/etc\\/passwd"
    )


def test_page_names_and_need_ids_are_bounded_and_distinct():
    from scrapersky_services.sphinx_ext.needs import service_need_id, service_need_ids

    # two ids whose 8-digit hashes are the same (found by trying, as a real tree might)
    seen: dict[str, str] = {}
    for number in range(300_000):
        service_id = f"app.jobs.job_{number}"
        short = service_need_id(service_id)
        if short in seen:
            pair = (seen[short], service_id)
            break
        seen[short] = service_id
    ids = service_need_ids(pair)
    assert len(set(ids.values())) == 2
    assert service_need_id(pair[0]) == service_need_id(pair[1])
    # page names: plain ids as they are; others bounded, with the (distinct) need id
    assert slug("src.services.x", "SRV-1") == "src.services.x"
    assert slug("a.b.<locals>.c#2", "SRV-A") != slug("a.b.-locals-.c-2", "SRV-B")
    long_name = slug("app." + "f" * 10_000, "SRV-12345678")
    assert len(long_name) <= 120 and long_name.endswith("-srv-12345678")


def test_urls_in_dot_have_escaped_ampersands():
    assert str(safe_url("a.html?x=1&y=2")) == "a.html?x=1&amp;y=2"
    assert str(safe_url("a.html?x=1&amp;y=2")) == "a.html?x=1&amp;y=2"
