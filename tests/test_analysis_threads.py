"""Threads and executors (the kind added as one module, ``services/threads.py``)."""

from __future__ import annotations

import pytest
from conftest import BACKENDS, analyse_backend


def _threads():
    catalog = analyse_backend("threads")
    return catalog, {service.id: service for service in catalog.services}


def test_every_way_of_starting_a_thread_is_found():
    catalog, services = _threads()
    # threading.Thread(target=...) in the lifespan, looping forever: a service
    assert {service_id: service.kind for service_id, service in services.items()} == {
        "app.workers.cache_warmer.warm_forever": "thread"
    }
    assert [
        step.function for step in services["app.workers.cache_warmer.warm_forever"].starters
    ] == ["lifespan"]
    # the others end on their own: short-lived work, each with the places that start it
    assert {
        group.function: (group.kind, [site.function for site in group.sites])
        for group in catalog.spawns
    } == {
        # executor.submit(f, ...) on a module-level pool, and submit(fn=...) in a `with`
        "write_csv": ("thread", ["start_export", "start_with_pool"]),
        # threading.Timer(n, f)
        "purge_export": ("thread", ["start_export"]),
        # loop.run_in_executor(None, f, ...)
        "compress": ("thread", ["compress_later"]),
    }


def test_a_thread_that_loops_with_a_sleep_reads_its_interval_from_the_setting():
    _, services = _threads()
    warmer = services["app.workers.cache_warmer.warm_forever"]
    assert warmer.registered
    assert (warmer.trigger.type, warmer.trigger.every_seconds) == ("loop", 300)
    assert (warmer.trigger.setting, warmer.trigger.setting_default) == ("cache_warm_seconds", 300)
    assert (
        warmer.outcome == "product pages show current prices without waiting for the supplier API."
    )


def test_threads_started_by_an_endpoint_link_it():
    catalog, _ = _threads()
    for group in catalog.spawns:
        assert [(ref.method, ref.path) for ref in group.endpoints] == [
            ("POST", "/api/exports/{export_id}")
        ]


def test_an_unresolvable_target_is_reported_with_file_and_line_and_dead_spawns_are_findings():
    catalog, _ = _threads()
    assert [
        (diagnostic.path, diagnostic.line)
        for diagnostic in catalog.diagnostics
        if "submit() cannot be resolved" in diagnostic.message
    ] == [("app/services/exporter.py", 39)]
    svc3 = [finding for finding in catalog.findings if finding.rule == "SVC3"]
    assert [(finding.symbol, finding.line) for finding in svc3] == [("start_with_pool", 35)]


@pytest.mark.sphinx(
    "html", testroot="basic", confoverrides={"scrapersky_src_root": str(BACKENDS / "threads")}
)
def test_the_site_shows_threads_as_their_own_kind(app):
    app.build()
    index = (app.outdir / "generated" / "services" / "index.html").read_text(encoding="utf8")
    assert index.count("Thread or executor job") == 4  # the service, 3 short-lived rows
    assert "Short-lived tasks and threads" in index
    page = next((app.outdir / "generated" / "services").glob("*warm_forever*.html"))
    text = page.read_text(encoding="utf8")
    assert "every 5 minutes (in a loop)" in text
    assert "yes, started when its callers run" in text
