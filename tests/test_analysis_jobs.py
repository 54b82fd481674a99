"""Scheduler jobs: triggers in every form, scheduler objects, wrappers, loops."""

from __future__ import annotations

from conftest import analyse_backend, comparable


def test_trigger_forms():
    catalog = analyse_backend("triggers")
    services = catalog.services_by_id
    a = services["svc.jobs.a"]
    assert (a.kind, a.trigger.every_seconds, a.job_id, a.name) == (
        "apscheduler-interval",
        90,
        "a",
        "Job A",
    )
    assert (a.max_instances, a.coalesce) == (2, False)
    assert a.trigger.expression == "interval: minutes=1, seconds=30"
    assert (
        services["svc.jobs.b"].trigger.every_seconds == 90
    )  # positional "interval", local variable
    c = services["svc.jobs.c"].trigger
    assert (c.every_seconds, c.expression) == (3 * 3600, "IntervalTrigger(hours=every // 30)")
    d = services["svc.jobs.d"]
    assert d.kind == "apscheduler-cron"
    assert d.trigger.cron == {"day_of_week": "mon-fri", "hour": "6"}
    e = services["svc.jobs.e"].trigger
    assert e.cron == {"minute": "30", "hour": "2", "day": "*", "month": "*", "day_of_week": "*"}
    assert services["svc.jobs.f"].kind == "apscheduler-date"
    assert services["svc.jobs.g"].trigger.cron == {"minute": "*/15"}
    tick = services["svc.ticker.tick"]
    assert (tick.kind, tick.trigger.every_seconds, tick.job_id) == (
        "apscheduler-interval",
        120,
        "tick",
    )
    assert tick.registration.entry == "import"


def test_on_startup_list_registers():
    catalog = analyse_backend("triggers")
    registration = catalog.services_by_id["svc.jobs.a"].registration
    assert registration.entry == "startup"
    assert [step.function for step in registration.chain] == ["setup"]


def test_scheduler_objects_wrappers_and_loops():
    catalog = analyse_backend("schedulers")
    every = {
        service.id: (service.job_id, service.trigger.every_seconds) for service in catalog.services
    }
    assert every == {
        "core.runner.rotate_logs": ("rotate_logs", 86400),  # self.scheduler in a class
        "core.registry.refresh_a": ("refresh_a", 180),  # through a wrapper, positional
        "core.registry.refresh_b": ("refresh_b", 420),  # through a wrapper, keywords
        "core.registry.ping_x": ("ping_x", 300),  # loop over dict.items()
        "core.registry.ping_y": ("ping_y", 600),
        "core.registry.warm": ("warm", 40),  # loop over a list of dicts
        "core.registry.refresh_a#refresh_a_hourly": ("refresh_a_hourly", 3600),  # literal list
    }
    wrapped = catalog.services_by_id["core.registry.refresh_a"].registration
    assert [step.function for step in wrapped.chain] == ["start", "register_all", "every_minutes"]
    assert wrapped.entry == "startup"
    assert catalog.services_by_id["core.registry.refresh_a"].coalesce is True


def test_triggers_regression(data_regression):
    data = comparable(analyse_backend("triggers"))
    data_regression.check({"services": data["services"]})
