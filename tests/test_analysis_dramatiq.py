"""Dramatiq actors (the kind added as one module, ``services/dramatiq.py``)."""

from __future__ import annotations

import pytest
from conftest import BACKENDS, analyse_backend


def _dramatiq():
    catalog = analyse_backend("dramatiq")
    return catalog, {
        service.id: service for service in catalog.services if service.kind == "dramatiq-actor"
    }


def test_every_actor_is_a_service_started_where_a_message_is_sent():
    _, services = _dramatiq()
    assert {
        service_id: (
            service.name,
            service.registered,
            service.trigger.type,
            service.trigger.expression,
            [(step.function, step.line) for step in service.starters],
            [(ref.method, ref.path) for ref in service.endpoints],
            (service.registration.module, service.registration.line, service.registration.entry),
        )
        for service_id, service in services.items()
    } == {
        # bare @dramatiq.actor, .send() in an endpoint
        "app.tasks.emails.send_welcome_email": (
            "send_welcome_email",
            True,
            "task",
            "@dramatiq.actor",
            [("create_user", 10)],
            [("POST", "/api/users/{user_id}")],
            ("app.tasks.emails", 9, "import"),
        ),
        # @dramatiq.actor(queue_name=..., max_retries=...), .send_with_options() in a service
        "app.tasks.emails.send_receipt": (
            "send_receipt",
            True,
            "task",
            "@dramatiq.actor(queue_name='emails', max_retries=3)",
            [("place_order", 11)],
            [("POST", "/api/orders/{order_id}")],
            ("app.tasks.emails", 17, "import"),
        ),
        # sent by a function APScheduler runs: one more call site, no endpoint
        "app.tasks.emails.nightly_report": (
            "nightly_report",
            True,
            "task",
            "@dramatiq.actor(queue_name='reports')",
            [("send_nightly_report", 9)],
            [],
            ("app.tasks.emails", 22, "import"),
        ),
        # sent by actor name: broker.get_actor("bounce").send(...)
        "app.tasks.emails.handle_bounce": (
            "bounce",
            True,
            "task",
            "@dramatiq.actor(queue_name='emails', actor_name='bounce')",
            [("bounce", 20)],
            [("POST", "/api/orders/bounces/{address}")],
            ("app.tasks.emails", 27, "import"),
        ),
        # @actor imported from dramatiq, with actor_name
        "app.tasks.billing.charge_card": (
            "charge",
            True,
            "task",
            "@actor(actor_name='charge', time_limit=60000)",
            [("place_order", 10)],
            [("POST", "/api/orders/{order_id}")],
            ("app.tasks.billing", 7, "import"),
        ),
        # an actor nothing in the tree sends: registered, no starters
        "app.tasks.billing.reconcile_ledger": (
            "reconcile_ledger",
            True,
            "task",
            "@actor",
            [],
            [],
            ("app.tasks.billing", 12, "import"),
        ),
    }
    assert services["app.tasks.emails.send_welcome_email"].outcome == (
        "every new user gets a welcome email."
    )


def test_the_scheduler_job_sending_the_message_stays_an_apscheduler_job():
    catalog, _ = _dramatiq()
    assert [
        (service.id, service.kind, service.trigger.cron)
        for service in catalog.services
        if service.kind.startswith("apscheduler")
    ] == [("app.scheduler.send_nightly_report", "apscheduler-cron", {"hour": "2"})]


def test_actor_names_that_cannot_be_resolved_are_reported():
    catalog, _ = _dramatiq()
    assert [
        (diagnostic.path, diagnostic.line, diagnostic.message)
        for diagnostic in catalog.diagnostics
        if "get_actor" in diagnostic.message
    ] == [
        (
            "app/services.py",
            16,
            "the actor of dramatiq.get_broker().get_actor(actor_name) cannot be resolved "
            "statically; the message it sends is not documented",
        ),
        (
            "app/services.py",
            24,
            "get_actor('refund') names no actor of the project; the message it sends is not "
            "documented",
        ),
    ]


@pytest.mark.sphinx(
    "html", testroot="basic", confoverrides={"scrapersky_src_root": str(BACKENDS / "dramatiq")}
)
def test_the_site_shows_dramatiq_actors_as_their_own_kind(app):
    app.build()
    assert "Traceback" not in app.warning.getvalue()
    index = (app.outdir / "generated" / "services" / "index.html").read_text(encoding="utf8")
    assert index.count("Dramatiq actor") >= 6
    page = next((app.outdir / "generated" / "services").glob("*send_receipt*.html"))
    text = page.read_text(encoding="utf8")
    assert "started by place_order" in text
    assert "yes, started when its callers run" in text
