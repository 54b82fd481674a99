"""Background tasks, asyncio tasks and their starters."""

from __future__ import annotations

from conftest import analyse_backend


def test_background_tasks_with_any_parameter_name():
    catalog = analyse_backend("tasks")
    services = catalog.services_by_id
    render = services["web.routers.reports._render"]  # defined in the router module
    assert render.kind == "background-task"
    assert [(ref.method, ref.path) for ref in render.endpoints] == [
        ("POST", "/api/v3/reports/{report_id}/render")
    ]
    mail = services["web.services.mailer.send_report"]  # imported inside the endpoint
    assert [(ref.method, ref.path) for ref in mail.endpoints] == [
        ("POST", "/api/v3/reports/{report_id}/mail")
    ]
    export = services["web.services.exporter.write_export"]  # add_task in a helper
    assert [ref.path for ref in export.endpoints] == ["/api/v3/reports/export"]
    assert [step.function for step in export.starters] == ["queue_export"]


def test_asyncio_tasks_and_loops():
    catalog = analyse_backend("tasks")
    services = catalog.services_by_id
    # a task that does not loop is short-lived work, grouped with every place starting it
    assert "web.services.exporter.compress" not in services
    (compress,) = catalog.spawns
    assert (compress.kind, compress.function) == ("asyncio-task", "compress")
    assert len(compress.sites) == 2  # loop.create_task and asyncio.ensure_future
    poller = services["web.workers.poller.poll_forever"]
    assert poller.registered
    assert (poller.trigger.type, poller.trigger.every_seconds) == ("loop", 15)


def test_spawn_site_nothing_calls():
    catalog = analyse_backend("tasks")
    svc3 = [finding for finding in catalog.findings if finding.rule == "SVC3"]
    assert [(finding.symbol, finding.line) for finding in svc3] == [("_never_called", 33)]
    assert svc3[0].services == ("web.routers.reports._render",)
