"""RQ jobs and rq-scheduler jobs (the kinds added as one module, ``services/rq.py``)."""

from __future__ import annotations

import re

import pytest
from conftest import BACKENDS, analyse_backend


def _rq():
    catalog = analyse_backend("rq")
    return catalog, {
        service.id: service for service in catalog.services if service.kind.startswith("rq-")
    }


def test_every_way_of_enqueueing_is_a_job_started_where_it_is_enqueued():
    _, services = _rq()
    assert {
        service_id: (
            service.registered,
            service.trigger.type,
            [(step.function, step.line) for step in service.starters],
            [(ref.method, ref.path) for ref in service.endpoints],
        )
        for service_id, service in services.items()
        if service.kind == "rq-job"
    } == {
        # q.enqueue(f, ...) on a module-level Queue
        "app.jobs.process_upload": (
            True,
            "task",
            [("create_upload", 14)],
            [("POST", "/api/uploads/{upload_id}")],
        ),
        # queue.enqueue_call(func=f) on a `Queue = Depends(get_queue)` parameter
        "app.jobs.import_file": (
            True,
            "task",
            [("import_path", 20)],
            [("POST", "/api/uploads/files/{path}")],
        ),
        # q.enqueue_in(timedelta(...), f, ...)
        "app.jobs.send_reminder": (
            True,
            "task",
            [("abandon_checkout", 26)],
            [("POST", "/api/uploads/checkout/{user_id}")],
        ),
        # q.enqueue_at(datetime(...), f, ...)
        "app.jobs.expire_trial": (
            True,
            "task",
            [("start_trial", 32)],
            [("POST", "/api/uploads/trials/{account_id}")],
        ),
        # reports.enqueue("app.jobs.generate_pdf", ...): the dotted path resolved
        "app.jobs.generate_pdf": (
            True,
            "task",
            [("request_report", 38)],
            [("POST", "/api/uploads/reports/{report_id}")],
        ),
    }
    assert services["app.jobs.process_upload"].outcome == (
        "uploaded price lists show up in the catalog within minutes."
    )


def test_rq_scheduler_jobs_have_interval_cron_and_date_triggers():
    _, services = _rq()
    assert {
        service_id: (
            service.registered,
            service.trigger.type,
            service.trigger.every_seconds,
            service.trigger.cron,
            service.trigger.expression,
            service.trigger.setting,
            service.trigger.setting_default,
            [(step.function, step.line) for step in service.registration.chain],
        )
        for service_id, service in services.items()
        if service.kind == "rq-scheduled"
    } == {
        # schedule(scheduled_time=..., func=f, interval=60)
        "app.jobs.refresh_rates": (
            True,
            "interval",
            60,
            None,
            "interval=60",
            None,
            None,
            [("<module>", 26), ("schedule_jobs", 15)],
        ),
        # positional (when, f) and an interval read from a setting
        "app.jobs.sync_inventory": (
            True,
            "interval",
            900,
            None,
            "interval=settings.sync_seconds",
            "sync_seconds",
            900,
            [("<module>", 26), ("schedule_jobs", 18)],
        ),
        # cron("*/5 * * * *", func=f)
        "app.jobs.ping_suppliers": (
            True,
            "cron",
            None,
            {"minute": "*/5", "hour": "*", "day": "*", "month": "*", "day_of_week": "*"},
            "'*/5 * * * *'",
            None,
            None,
            [("<module>", 26), ("schedule_jobs", 19)],
        ),
        # a crontab read from a setting, the function named by its dotted path
        "app.jobs.send_digest": (
            True,
            "cron",
            None,
            {"minute": "0", "hour": "7", "day": "*", "month": "*", "day_of_week": "mon"},
            "settings.digest_cron",
            "digest_cron",
            "0 7 * * mon",
            [("<module>", 26), ("schedule_jobs", 20)],
        ),
        # schedule() without an interval: once
        "app.jobs.archive_2030": (
            True,
            "date",
            None,
            None,
            "datetime(2030, 1, 1)",
            None,
            None,
            [("<module>", 26), ("schedule_jobs", 21)],
        ),
        # the same function scheduled a second time, with a cron alias
        "app.jobs.refresh_rates#2": (
            True,
            "cron",
            None,
            {"minute": "0", "hour": "*", "day": "*", "month": "*", "day_of_week": "*"},
            "'@hourly'",
            None,
            None,
            [("<module>", 26), ("schedule_jobs", 22)],
        ),
    }


def test_unknown_dotted_paths_and_computed_functions_are_reported():
    catalog, _ = _rq()
    assert [
        (diagnostic.path, diagnostic.line, diagnostic.message)
        for diagnostic in catalog.diagnostics
        if "enqueue" in diagnostic.message
    ] == [
        (
            "app/api/uploads.py",
            44,
            "enqueue('app.jobs.render_legacy_pdf') names no function of the project; "
            "the job is not documented",
        ),
        (
            "app/api/uploads.py",
            49,
            "the target of enqueue() cannot be resolved statically; it is not documented",
        ),
    ]


@pytest.mark.sphinx(
    "html", testroot="basic", confoverrides={"scrapersky_src_root": str(BACKENDS / "rq")}
)
def test_the_site_shows_rq_jobs_and_scheduled_jobs_as_their_own_kinds(app):
    app.build()
    assert "Traceback" not in app.warning.getvalue()
    index = (app.outdir / "generated" / "services" / "index.html").read_text(encoding="utf8")
    assert "RQ job" in index
    assert "RQ scheduled job" in index
    page = next((app.outdir / "generated" / "services").glob("*sync_inventory*.html"))
    text = re.sub(r"<[^>]+>", "", page.read_text(encoding="utf8"))
    assert "every 15 minutes" in text
    assert "settings.sync_seconds (default 900)" in text
    assert "yes, in app.scheduler.schedule_jobs" in text
