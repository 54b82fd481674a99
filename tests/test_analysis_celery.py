"""Celery tasks and beat entries (the kinds added as one module, ``services/celery.py``)."""

from __future__ import annotations

import pytest
from conftest import BACKENDS, analyse_backend, analyse_tree, write_package

TASKS = "app.worker.tasks"


def _celery():
    catalog = analyse_backend("celery")
    return catalog, {service.id: service for service in catalog.services}


def _diagnostics(catalog):
    return sorted(
        (diagnostic.path, diagnostic.line, diagnostic.message) for diagnostic in catalog.diagnostics
    )


def test_every_started_task_and_every_beat_entry_is_a_service():
    _, services = _celery()
    assert {
        service_id: (service.kind, service.name, service.job_id)
        for service_id, service in services.items()
        if service.kind.startswith("celery")
    } == {
        # @celery_app.task(name="emails.send_welcome"): delay() and send_task("emails.send_welcome")
        f"{TASKS}.send_welcome_email": ("celery-task", "emails.send_welcome", None),
        # @celery_app.task: apply_async() and send_task("app.worker.tasks.generate_report")
        f"{TASKS}.generate_report": ("celery-task", f"{TASKS}.generate_report", None),
        # chain(resize_image.s(path), notify_uploaded.s()), group(index_upload.si(path))
        f"{TASKS}.resize_image": ("celery-task", f"{TASKS}.resize_image", None),
        f"{TASKS}.notify_uploaded": ("celery-task", f"{TASKS}.notify_uploaded", None),
        f"{TASKS}.index_upload": ("celery-task", f"{TASKS}.index_upload", None),
        # @shared_task, delay()-called and beat-scheduled: two services, the second with
        # its beat key as the id suffix (passes.py: "#" + job_id, else "#" + count)
        f"{TASKS}.sync_inventory": ("celery-task", f"{TASKS}.sync_inventory", None),
        f"{TASKS}.sync_inventory#sync-inventory": (
            "celery-beat",
            f"{TASKS}.sync_inventory",
            "sync-inventory",
        ),
        # the beat_schedule variable given to celery_app.conf.beat_schedule
        f"{TASKS}.cleanup_expired_sessions": (
            "celery-beat",
            f"{TASKS}.cleanup_expired_sessions",
            "cleanup-expired-sessions",
        ),
        f"{TASKS}.refresh_exchange_rates": (
            "celery-beat",
            "rates.refresh",
            "refresh-exchange-rates",
        ),
        f"{TASKS}.purge_uploads": ("celery-beat", f"{TASKS}.purge_uploads", "purge-uploads"),
        f"{TASKS}.export_audit_log": (
            "celery-beat",
            f"{TASKS}.export_audit_log",
            "export-audit-log",
        ),
        "app.worker.reports.weekly_digest": (
            "celery-beat",
            "reports.weekly_digest",
            "weekly-digest",
        ),
        # mail_app.conf.update(beat_schedule={...})
        "app.mailer.worker.flush_outbox": ("celery-beat", "mailer.flush_outbox", "flush-outbox"),
        # sender.add_periodic_task(...) in @celery_app.on_after_configure.connect
        "app.worker.periodic.heartbeat": (
            "celery-beat",
            "app.worker.periodic.heartbeat",
            "heartbeat every 10s",
        ),
        f"{TASKS}.refresh_exchange_rates#usd-rates": ("celery-beat", "rates.refresh", "usd-rates"),
        # no name=: the count is the suffix
        f"{TASKS}.cleanup_expired_sessions#2": (
            "celery-beat",
            f"{TASKS}.cleanup_expired_sessions",
            None,
        ),
    }
    # a task nothing starts and no beat entry names is not a service
    assert f"{TASKS}.never_started" not in services


def test_started_tasks_list_their_starters_and_the_endpoints_above_them():
    _, services = _celery()
    started = {
        service_id: (
            service.trigger.type,
            service.registered,
            [(step.function, step.line) for step in service.starters],
            [(ref.method, ref.path) for ref in service.endpoints],
        )
        for service_id, service in services.items()
        if service.kind == "celery-task"
    }
    assert started == {
        f"{TASKS}.send_welcome_email": (
            "task",
            True,
            [("create_user", 12), ("resend_welcome", 18)],
            [("POST", "/api/users/"), ("POST", "/api/users/{user_id}/resend-welcome")],
        ),
        f"{TASKS}.generate_report": (
            "task",
            True,
            [("create_report", 11), ("regenerate_report", 17)],
            [("POST", "/api/reports/{report_id}"), ("POST", "/api/reports/{report_id}/again")],
        ),
        f"{TASKS}.resize_image": ("task", True, [("upload", 11)], [("POST", "/api/uploads/")]),
        f"{TASKS}.notify_uploaded": ("task", True, [("upload", 11)], [("POST", "/api/uploads/")]),
        f"{TASKS}.index_upload": ("task", True, [("upload", 12)], [("POST", "/api/uploads/")]),
        f"{TASKS}.sync_inventory": (
            "task",
            True,
            [("sync_now", 10)],
            [("POST", "/api/inventory/sync")],
        ),
    }
    # the signatures given to add_periodic_task are beat entries, not starts
    assert all(
        step.function != "setup_periodic_tasks" for s in services.values() for step in s.starters
    )


def test_beat_triggers_are_read_from_the_schedule_as_written():
    _, services = _celery()
    triggers = {
        service_id: (
            service.trigger.type,
            service.trigger.every_seconds,
            service.trigger.cron,
            service.trigger.expression,
            service.trigger.setting,
            service.trigger.setting_default,
        )
        for service_id, service in services.items()
        if service.kind == "celery-beat"
    }
    assert triggers == {
        f"{TASKS}.cleanup_expired_sessions": (
            "cron",
            None,
            {"minute": "0", "hour": "*/3"},
            "crontab(minute=0, hour='*/3')",
            None,
            None,
        ),
        f"{TASKS}.refresh_exchange_rates": ("interval", 300.0, None, "300.0", None, None),
        f"{TASKS}.sync_inventory#sync-inventory": (
            "interval",
            300,
            None,
            "timedelta(minutes=5)",
            None,
            None,
        ),
        "app.worker.reports.weekly_digest": (
            "cron",
            None,
            {"minute": "30", "hour": "7", "day_of_week": "mon"},
            "crontab(hour=7, minute=30, day_of_week='mon')",
            None,
            None,
        ),
        f"{TASKS}.purge_uploads": (
            "interval",
            900,
            None,
            "settings.PURGE_INTERVAL_SECONDS",
            "PURGE_INTERVAL_SECONDS",
            900,
        ),
        # a setting without a default: no number, and a diagnostic (below)
        f"{TASKS}.export_audit_log": (
            "interval",
            None,
            None,
            "settings.AUDIT_EXPORT_SECONDS",
            "AUDIT_EXPORT_SECONDS",
            None,
        ),
        "app.mailer.worker.flush_outbox": (
            "interval",
            30,
            None,
            "timedelta(seconds=30)",
            None,
            None,
        ),
        "app.worker.periodic.heartbeat": ("interval", 10.0, None, "10.0", None, None),
        f"{TASKS}.refresh_exchange_rates#usd-rates": (
            "cron",
            None,
            {"minute": "15", "hour": "3"},
            "crontab(hour=3, minute=15)",
            None,
            None,
        ),
        f"{TASKS}.cleanup_expired_sessions#2": (
            "unknown",
            None,
            None,
            "kwargs['every']",
            None,
            None,
        ),
    }


def test_beat_entries_are_registered_where_the_schedule_is_given_to_the_app():
    _, services = _celery()
    registrations = {
        service_id: (
            service.registered,
            service.registration.entry,
            [(step.module, step.function, step.line) for step in service.registration.chain],
        )
        for service_id, service in services.items()
        if service.kind == "celery-beat"
    }
    conf = [("app.worker.celery_app", "<module>", 49)]
    periodic = "app.worker.periodic", "setup_periodic_tasks"
    assert registrations == {
        f"{TASKS}.cleanup_expired_sessions": (True, "import", conf),
        f"{TASKS}.refresh_exchange_rates": (True, "import", conf),
        f"{TASKS}.sync_inventory#sync-inventory": (True, "import", conf),
        "app.worker.reports.weekly_digest": (True, "import", conf),
        f"{TASKS}.purge_uploads": (True, "import", conf),
        f"{TASKS}.export_audit_log": (True, "import", conf),
        "app.mailer.worker.flush_outbox": (True, "import", [("app.mailer.worker", "<module>", 8)]),
        "app.worker.periodic.heartbeat": (True, "import", [(*periodic, 16)]),
        f"{TASKS}.refresh_exchange_rates#usd-rates": (True, "import", [(*periodic, 17)]),
        f"{TASKS}.cleanup_expired_sessions#2": (True, "import", [(*periodic, 20)]),
    }


def test_the_outcome_comes_from_the_task_docstring():
    _, services = _celery()
    assert services[f"{TASKS}.cleanup_expired_sessions"].outcome == (
        "signed-out users cannot reuse an old session cookie."
    )


def test_what_cannot_be_resolved_is_reported_with_file_and_line():
    catalog, _ = _celery()
    assert _diagnostics(catalog) == [
        (
            "app/api/routes/reports.py",
            23,
            "send_task names the task 'billing.charge', but no task in the tree has that name "
            "(its name= or module.function); it is not documented",
        ),
        (
            "app/api/routes/reports.py",
            29,
            "the task name of send_task (task_name) cannot be resolved statically; "
            "it is not documented",
        ),
        (
            "app/worker/celery_app.py",
            17,
            "the beat entry 'rebuild-search-index' names the task "
            "'app.worker.search.rebuild_index', but no task in the tree has that name "
            "(its name= or module.function); it is not documented",
        ),
        (
            "app/worker/celery_app.py",
            17,
            "the schedule (settings.AUDIT_EXPORT_SECONDS) of the beat entry 'export-audit-log' "
            "comes from setting 'AUDIT_EXPORT_SECONDS', which has no default: how often it runs "
            "is decided where the application is deployed",
        ),
        (
            "app/worker/periodic.py",
            20,
            "the schedule kwargs['every'] of add_periodic_task(kwargs['every'], ...) cannot be "
            "resolved statically",
        ),
    ]


WORKER = """\
import celery as celery_lib
from celery.schedules import crontab, schedule, solar
from datetime import timedelta

from pkg.config import settings

celery = celery_lib.Celery("pkg")
celery.conf.beat_schedule = {
    "tick": {"task": "pkg.worker.tick", "schedule": schedule(run_every=timedelta(hours=1))},
    "report": {"task": "report", "schedule": crontab(0, settings.REPORT_HOUR)},
    "sunrise": {"task": "pkg.worker.tick", "schedule": solar("sunrise", 0, 0)},
    "args": {"task": "report", "schedule": 60, "kwargs": {"kind": "daily"}},
}


@celery.task()
def tick():
    pass


@celery.task(name="report")
def report(kind="weekly"):
    pass


def not_a_task():
    pass
"""

CONFIG = """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    REPORT_HOUR: int = 6


settings = Settings()
"""


def test_a_literal_beat_schedule_on_an_aliased_app(tmp_path):
    catalog = analyse_tree(write_package(tmp_path, worker=WORKER, config=CONFIG))
    services = {service.id: service for service in catalog.services}
    assert {
        service_id: (
            service.kind,
            service.job_id,
            service.trigger.type,
            service.trigger.every_seconds,
            service.trigger.cron,
            service.trigger.setting,
            service.trigger.setting_default,
            service.kwargs,
        )
        for service_id, service in services.items()
    } == {
        "pkg.worker.tick": ("celery-beat", "tick", "interval", 3600, None, None, None, {}),
        "pkg.worker.report": (
            "celery-beat",
            "report",
            "cron",
            None,
            {"minute": "0", "hour": "settings.REPORT_HOUR (6)"},
            "REPORT_HOUR",
            6,
            {},
        ),
        "pkg.worker.tick#sunrise": (
            "celery-beat",
            "sunrise",
            "unknown",
            None,
            None,
            None,
            None,
            {},
        ),
        "pkg.worker.report#args": (
            "celery-beat",
            "args",
            "interval",
            60,
            None,
            None,
            None,
            {"kind": "'daily'"},
        ),
    }
    assert [(d.path, d.line, d.message) for d in catalog.diagnostics if d.path] == [
        (
            "pkg/worker.py",
            11,
            "the schedule solar('sunrise', 0, 0) of the beat entry 'sunrise' cannot be "
            "resolved statically",
        )
    ]


@pytest.mark.sphinx(
    "html", testroot="basic", confoverrides={"scrapersky_src_root": str(BACKENDS / "celery")}
)
def test_the_site_shows_celery_tasks_and_beat_entries(app):
    app.build()
    assert "Traceback" not in app.warning.getvalue()
    services = app.outdir / "generated" / "services"
    index = (services / "index.html").read_text(encoding="utf8")
    assert index.count("Celery task") >= 6
    assert index.count("Celery beat entry") >= 10
    pages = {page.name: page.read_text(encoding="utf8") for page in services.glob("*.html")}
    digest = next(text for name, text in pages.items() if "weekly_digest" in name)
    assert "Monday at 07:30" in digest
    assert "yes, when its module is imported" in digest
    welcome = next(text for name, text in pages.items() if "send_welcome_email" in name)
    assert "started by create_user, resend_welcome" in welcome
    assert "yes, started when its callers run" in welcome
