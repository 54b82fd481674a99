"""arq jobs and cron jobs (the kinds added as one module, ``services/arq.py``)."""

from __future__ import annotations

import pytest
from conftest import BACKENDS, analyse_backend


def _arq():
    # the tree's folder is named like the library it imports (``from arq import cron``):
    # the backend's package is still found without being named
    catalog = analyse_backend("arq")
    assert catalog.package == "app"
    return catalog, {
        service.id: service for service in catalog.services if service.kind.startswith("arq-")
    }


def test_every_listed_function_is_a_job_started_where_it_is_enqueued():
    _, services = _arq()
    jobs = {
        service_id: (
            service.name,
            service.registered,
            [(step.function, step.line) for step in service.starters],
            [(ref.method, ref.path) for ref in service.endpoints],
            (service.registration.module, service.registration.line, service.registration.entry),
        )
        for service_id, service in services.items()
        if service.kind == "arq-job"
    }
    assert jobs == {
        # a plain function, enqueued by name from two endpoints (`function=` keyword too)
        "app.tasks.send_email": (
            "send_email",
            True,
            [("upload", 13), ("create_user", 10)],
            [("POST", "/api/images/{image_id}"), ("POST", "/api/users/")],
            ("app.worker", 21, "worker"),
        ),
        # func(resize, name="resize"), enqueued in a helper an endpoint calls
        "app.tasks.resize": (
            "resize",
            True,
            [("queue_resize", 7)],
            [("POST", "/api/images/{image_id}")],
            ("app.worker", 23, "worker"),
        ),
        # func("app.tasks.generate_report", name="report"): the dotted path resolved
        "app.tasks.generate_report": (
            "report",
            True,
            [("request_report", 22)],
            [("POST", "/api/users/{user_id}/report")],
            ("app.worker", 24, "worker"),
        ),
        # listed, never enqueued: still a job, registered, no starters
        "app.tasks.rebuild_search_index": (
            "rebuild_search_index",
            True,
            [],
            [],
            ("app.worker", 21, "worker"),
        ),
    }
    for service_id in jobs:
        assert services[service_id].trigger.type == "task"
    assert services["app.tasks.send_email"].outcome == (
        "users get their welcome and password-reset emails within a minute."
    )


def test_cron_jobs_read_their_fields_as_cron_text():
    _, services = _arq()
    crons = {
        service_id: (
            service.name,
            service.registered,
            service.trigger.type,
            service.trigger.cron,
            service.trigger.expression,
            service.trigger.setting,
            service.trigger.setting_default,
            (service.registration.module, service.registration.line, service.registration.entry),
        )
        for service_id, service in services.items()
        if service.kind == "arq-cron"
    }
    assert crons == {
        "app.tasks.cleanup": (
            "cron:cleanup",
            True,
            "cron",
            {"hour": "3", "minute": "0"},
            "cron(cleanup, hour=[3], minute=0)",
            None,
            None,
            ("app.worker", 29, "worker"),
        ),
        # set(range(0, 60, 5)) is a step over the whole field
        "app.tasks.poll": (
            "cron:poll",
            True,
            "cron",
            {"minute": "*/5"},
            "cron(poll, minute=set(range(0, 60, 5)))",
            None,
            None,
            ("app.worker", 30, "worker"),
        ),
        # weekday is day_of_week; {0, 30} is "0,30"; an hour read from a setting
        "app.tasks.send_digest": (
            "cron:send_digest",
            True,
            "cron",
            {"day_of_week": "mon", "hour": "settings.digest_hour (8)", "minute": "0,30"},
            "cron(send_digest, weekday='mon', hour=[settings.digest_hour], minute=[0, 30])",
            "digest_hour",
            8,
            ("app.worker", 31, "worker"),
        ),
        # range(0, 24, 6) covers the hours: */6; range(5, 50, 15) does not: as written
        "app.tasks.rotate_logs": (
            "logs",
            True,
            "cron",
            {"hour": "*/6", "minute": "range(5, 50, 15)"},
            "cron(rotate_logs, hour=range(0, 24, 6), minute=range(5, 50, 15), name='logs')",
            None,
            None,
            ("app.worker", 32, "worker"),
        ),
        # run_at_startup=True is kept in the expression
        "app.tasks.warm_cache": (
            "cron:warm_cache",
            True,
            "cron",
            {"minute": "30"},
            "cron(warm_cache, minute=30, run_at_startup=True)",
            None,
            None,
            ("app.worker", 33, "worker"),
        ),
    }


def test_names_no_listed_function_has_and_computed_names_are_reported():
    catalog, _ = _arq()
    assert sorted(
        (diagnostic.path, diagnostic.line, diagnostic.message)
        for diagnostic in catalog.diagnostics
        if "enqueue_job" in diagnostic.message or "worker function" in diagnostic.message
    ) == [
        (
            "app/api/users.py",
            16,
            "enqueue_job('send_sms') names no function a WorkerSettings lists; "
            "the job is not documented",
        ),
        (
            "app/api/users.py",
            27,
            "the job name of enqueue_job(job_name) cannot be resolved statically; "
            "which job it starts is not documented",
        ),
        (
            "app/worker.py",
            26,
            "the worker function func('app.tasks.no_such_job') names no function of the "
            "project; it is not documented",
        ),
    ]


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    confoverrides={"scrapersky_src_root": str(BACKENDS / "arq")},
)
def test_the_site_shows_arq_jobs_and_cron_jobs_as_their_own_kinds(app):
    app.build()
    assert "Traceback" not in app.warning.getvalue()
    index = (app.outdir / "generated" / "services" / "index.html").read_text(encoding="utf8")
    assert "arq job" in index
    assert "arq cron job" in index
    page = next((app.outdir / "generated" / "services").glob("*cleanup*.html"))
    assert "every day at 03:00" in page.read_text(encoding="utf8")
    page = next((app.outdir / "generated" / "services").glob("*send_email*.html"))
    assert "started by upload, create_user" in page.read_text(encoding="utf8")
