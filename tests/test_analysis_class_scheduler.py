"""APScheduler jobs registered the way real projects do it (``class_scheduler`` backend):
a scheduler owned by a class and started from the lifespan, bound methods as jobs, jobs
listed in data and added in loops, and a folder of job modules imported at run time."""

from __future__ import annotations

import pytest
from conftest import analyse_backend


@pytest.fixture(scope="module")
def catalog():
    return analyse_backend("class_scheduler")


def _jobs(catalog, *ids):
    services = catalog.services_by_id
    return {
        service_id: (
            services[service_id].kind,
            services[service_id].trigger.every_seconds,
            services[service_id].trigger.cron,
            services[service_id].job_id,
            services[service_id].registered,
            services[service_id].registration.entry,
            [
                (step.module, step.function, step.line)
                for step in services[service_id].registration.chain
            ],
        )
        for service_id in ids
    }


START = ("app.main", "lifespan", 12)
LISTS = ("app.services.scheduler", "SchedulerService.start", 28)


def test_every_job_is_found_and_nothing_else(catalog):
    assert sorted(service.id for service in catalog.services) == [
        "app.jobs.cleanup.remove_tmp_files",
        "app.jobs.reports.build_daily_report",
        "app.services.maintenance.MaintenanceScheduler.vacuum",
        "app.services.scheduler.SchedulerService.heartbeat",
        "app.services.sites.SiteChain.prune",
        "app.services.sites.SiteChain.sync",
        "app.services.tasks.purge_sessions",
        "app.services.tasks.refresh_cache",
        "app.services.tasks.rotate_keys",
        "app.services.tasks.send_digest",
        "app.services.tasks.sync_accounts",
        "app.services.tasks.sync_domains",
        "app.services.tasks.sync_invoices",
    ]


def test_bound_methods_on_a_scheduler_owned_by_a_class(catalog):
    start = ("app.services.scheduler", "SchedulerService.start")
    assert _jobs(
        catalog,
        "app.services.scheduler.SchedulerService.heartbeat",
        "app.services.sites.SiteChain.sync",
        "app.services.sites.SiteChain.prune",
        "app.services.maintenance.MaintenanceScheduler.vacuum",
    ) == {
        # self.heartbeat, the instance made at module level, started in the lifespan
        "app.services.scheduler.SchedulerService.heartbeat": (
            "apscheduler-interval", 30, None, "heartbeat", True, "lifespan",
            [START, (*start, 22)],
        ),
        # SiteChain().sync, minutes from a setting
        "app.services.sites.SiteChain.sync": (
            "apscheduler-interval", 300, None, "site_sync", True, "lifespan",
            [START, (*start, 23)],
        ),
        # chain.prune with chain = SiteChain()
        "app.services.sites.SiteChain.prune": (
            "apscheduler-cron", None, {"hour": "3"}, "site_prune", True, "lifespan",
            [START, (*start, 27)],
        ),
        # an instance made in the lifespan, trigger= as a keyword
        "app.services.maintenance.MaintenanceScheduler.vacuum": (
            "apscheduler-cron", None, {"day_of_week": "sat", "hour": "4"}, None, True,
            "lifespan",
            [("app.main", "lifespan", 15), ("app.services.maintenance", "MaintenanceScheduler.start", 12)],
        ),
    }  # fmt: skip
    sync = catalog.services_by_id["app.services.sites.SiteChain.sync"].trigger
    assert (sync.setting, sync.setting_default) == ("SITE_SYNC_MINUTES", 5)


def test_jobs_listed_in_data_and_added_in_loops(catalog):
    lists = ("app.services.scheduler", "SchedulerService._register_lists")
    assert _jobs(
        catalog,
        "app.services.tasks.sync_accounts",
        "app.services.tasks.sync_invoices",
        "app.services.tasks.refresh_cache",
        "app.services.tasks.sync_domains",
        "app.services.tasks.purge_sessions",
        "app.services.tasks.send_digest",
        "app.services.tasks.rotate_keys",
    ) == {
        # for job in JOBS: add_job(**job)
        "app.services.tasks.sync_accounts": (
            "apscheduler-interval", 900, None, "accounts", True, "lifespan",
            [START, LISTS, (*lists, 34)],
        ),
        "app.services.tasks.sync_invoices": (
            "apscheduler-cron", None, {"hour": "1", "minute": "30"}, "invoices", True,
            "lifespan", [START, LISTS, (*lists, 34)],
        ),
        # a trigger object as the dict's "trigger"
        "app.services.tasks.refresh_cache": (
            "apscheduler-interval", 600, None, "cache", True, "lifespan",
            [START, LISTS, (*lists, 34)],
        ),
        # add_job(spec["func"], spec["trigger"], id=spec["id"], **spec["kwargs"])
        "app.services.tasks.sync_domains": (
            "apscheduler-interval", 7200, None, "domains", True, "lifespan",
            [START, LISTS, (*lists, 36)],
        ),
        "app.services.tasks.purge_sessions": (
            "apscheduler-cron", None, {"day_of_week": "sun"}, "purge", True, "lifespan",
            [START, LISTS, (*lists, 36)],
        ),
        # for job_id, (func, seconds) in JOB_TABLE.items()
        "app.services.tasks.send_digest": (
            "apscheduler-interval", 86400, None, "digest", True, "lifespan",
            [START, LISTS, (*lists, 38)],
        ),
        "app.services.tasks.rotate_keys": (
            "apscheduler-interval", 3600, None, "rotate", True, "lifespan",
            [START, LISTS, (*lists, 38)],
        ),
    }  # fmt: skip
    accounts = catalog.services_by_id["app.services.tasks.sync_accounts"].trigger
    assert accounts.expression == "interval: minutes=15"
    cache = catalog.services_by_id["app.services.tasks.refresh_cache"].trigger
    assert cache.expression == "IntervalTrigger(minutes=10)"


def test_jobs_of_modules_loaded_at_run_time_are_registered_through_the_loader(catalog):
    loader = [("app.main", "lifespan", 13), ("app.jobs", "load_job_modules", 12)]
    assert _jobs(
        catalog, "app.jobs.cleanup.remove_tmp_files", "app.jobs.reports.build_daily_report"
    ) == {
        "app.jobs.cleanup.remove_tmp_files": (
            "apscheduler-interval", 3600, None, "cleanup", True, "lifespan",
            [*loader, ("app.jobs.cleanup", "register", 6)],
        ),
        "app.jobs.reports.build_daily_report": (
            "apscheduler-cron", None, {"hour": "settings.REPORT_HOUR (6)", "minute": "15"},
            "daily_report", True, "lifespan", [*loader, ("app.jobs.reports", "register", 9)],
        ),
    }  # fmt: skip
    registration = catalog.services_by_id["app.jobs.cleanup.remove_tmp_files"].registration
    # the registration is the loader's call of the modules' hook
    assert (registration.module, registration.function, registration.line) == (
        "app.jobs",
        "load_job_modules",
        12,
    )


def test_what_cannot_be_resolved_is_reported_with_file_and_line(catalog):
    assert sorted(
        (diagnostic.path, diagnostic.line, diagnostic.message) for diagnostic in catalog.diagnostics
    ) == [
        (
            "app/jobs/01_legacy.py",
            None,
            "1 file left out of the API pages and the rules, no import reaches it (1 whose "
            "file name is not a valid module name): app/jobs/01_legacy.py",
        ),
        (
            "app/jobs/__init__.py",
            11,
            "import_module() with a module name computed at run time: the modules it loads "
            "are not in the import graph",
        ),
        (
            "app/jobs/__init__.py",
            11,
            "the job modules of app/jobs/ are imported at run time "
            "(importlib.import_module(f'app.jobs.{path.stem}')): which of them are loaded is "
            "not known statically; the jobs their register() adds are documented as "
            "registered through this loader",
        ),
        (
            "app/services/scheduler.py",
            29,
            "add_job('app.jobs.01_legacy:run', ...) names the module app.jobs.01_legacy, "
            "which is not a valid module name (app/jobs/01_legacy.py is left out of the "
            "analysis): the job is not documented",
        ),
    ]


def test_without_its_register_hook_a_loaded_folder_is_only_reported(tmp_path):
    from conftest import analyse_tree, write_package

    root = write_package(
        tmp_path,
        main="from fastapi import FastAPI\n"
        "from pkg.loader import load\n"
        "app = FastAPI(on_startup=[load])\n",
        loader="import importlib\n"
        "def load():\n"
        "    for name in ('a',):\n"
        "        importlib.import_module('pkg.jobs.' + name)\n",
    )
    jobs = root / "pkg" / "jobs"
    jobs.mkdir()
    (jobs / "__init__.py").write_text("")
    (jobs / "a.py").write_text(
        "from apscheduler.schedulers.background import BackgroundScheduler\n"
        "scheduler = BackgroundScheduler()\n"
        "def tick(): ...\n"
        "def setup():\n"
        "    scheduler.add_job(tick, 'interval', seconds=5)\n"
    )
    catalog = analyse_tree(root)
    assert [
        (service.id, service.trigger.every_seconds, service.registered)
        for service in catalog.services
    ] == [("pkg.jobs.a.tick", 5, False)]
    assert [
        (diagnostic.path, diagnostic.line, diagnostic.message)
        for diagnostic in catalog.diagnostics
        if "job modules" in diagnostic.message
    ] == [
        (
            "pkg/loader.py",
            4,
            "the job modules of pkg/jobs/ are imported at run time "
            "(importlib.import_module('pkg.jobs.' + name)): which of them are loaded (so "
            "whether their jobs are registered) is not known statically",
        )
    ]
