"""Polls, writes and producers, compared by the enum class actually used."""

from __future__ import annotations

from conftest import analyse_backend, comparable


def _polls(service):
    return [(poll.model, poll.field, poll.value, poll.enum) for poll in service.polls]


def test_poll_forms():
    services = analyse_backend("statusflow").services_by_id
    # class constant in a method
    assert _polls(services["app.jobs.charge_job"]) == [
        ("Order", "pay_status", "pending", "app.models:PayStatus")
    ]
    # generic loop: getattr(model, field_name) with the call site's literal arguments
    assert _polls(services["app.jobs.ship_job"]) == [
        ("Order", "ship_status", "Queued", "app.enums:ShipStatus")
    ]
    assert services["app.jobs.ship_job"].loop_helper == "app.loop:run_loop"
    # filter_by and a string literal; update().where() consumes the same status
    assert _polls(services["app.jobs.review_job"]) == [("Order", "review_status", "requested", "")]
    # getattr(Model, "field") with .value
    assert _polls(services["app.jobs.retry_job"]) == [
        ("Order", "pay_status", "failed", "app.models:PayStatus")
    ]


def test_writes_through_the_generic_loop():
    services = analyse_backend("statusflow").services_by_id
    writes = [(write.field, write.member) for write in services["app.jobs.ship_job"].writes]
    assert writes == [("ship_status", "Processing")]


def test_producers_by_every_write_form():
    services = analyse_backend("statusflow").services_by_id

    def producers(service_id):
        return sorted(
            (p.function, p.endpoint.path if p.endpoint else None)
            for p in services[service_id].producers
        )

    assert producers("app.jobs.ship_job") == [
        ("ship", "/api/v3/orders/{order_id}/ship")
    ]  # attribute
    assert producers("app.jobs.review_job") == [("create", "/api/v3/orders")]  # Model(**data)
    assert producers("app.jobs.retry_job") == [
        ("fail", "/api/v3/orders/{order_id}/fail")
    ]  # setattr
    assert producers("app.jobs.charge_job") == [("<module>", None)]  # the column default


def test_flow_findings():
    catalog = analyse_backend("statusflow")
    found = sorted(
        (finding.rule, finding.symbol)
        for finding in catalog.findings
        if finding.rule.startswith("FLOW")
    )
    assert found == [
        ("FLOW1", "invoice"),  # InvoiceStatus.Queued written, nobody polls it
        ("FLOW2", "sent_job"),  # InvoiceStatus.Sent polled, nobody writes it
        ("FLOW3", "typo"),  # ShipStatus.Shipped does not exist
        ("FLOW4", "ship_legacy"),  # legacy_enums.ShipStatus vs enums.ShipStatus
    ]


def test_statusflow_regression(data_regression):
    data = comparable(analyse_backend("statusflow"))
    data_regression.check(
        {"services": data["services"], "enums": data["enums"], "models": data["models"]}
    )
