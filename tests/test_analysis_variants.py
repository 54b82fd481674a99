"""Patterns of other backends of this kind: SQLModel, repeat_every, spread job config."""

from __future__ import annotations

from conftest import analyse_backend


def test_spread_job_config_and_sync_query_polls():
    catalog = analyse_backend("variants")
    work = catalog.services_by_id["app.jobs.work"]
    assert (work.kind, work.trigger.every_seconds) == ("apscheduler-interval", 240)
    assert [(poll.model, poll.field, poll.value) for poll in work.polls] == [
        ("Task", "state", "waiting")
    ]
    assert [(write.field, write.value) for write in work.writes] == [("state", "done")]
    # a SQLModel field default is what creates the waiting rows
    assert [(producer.function, producer.status.value) for producer in work.producers] == [
        ("<module>", "waiting")
    ]


def test_repeat_every_is_a_polling_loop():
    catalog = analyse_backend("variants")
    loop = catalog.services_by_id["app.main.cleanup_tokens"]
    assert loop.kind == "polling-loop"
    assert (loop.trigger.type, loop.trigger.every_seconds, loop.trigger.setting) == (
        "loop",
        3600,
        "CLEANUP_SECONDS",
    )
    assert loop.registered and loop.registration.entry == "startup"
    assert len(catalog.services) == 2
