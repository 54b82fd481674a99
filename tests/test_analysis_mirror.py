"""src_mirror/ yields what it was written to contain (see its patterns, one by one)."""

from __future__ import annotations

import pytest
from conftest import MIRROR
from scrapersky_services.analysis import AnalysisOptions, analyse


@pytest.fixture(scope="module")
def catalog():
    return analyse(AnalysisOptions(str(MIRROR)))


JOBS = {
    # job id: (function, kind, seconds, setting)
    "domain_worker": (
        "src.services.domain_scheduler.process_pending_domains",
        60,
        "DOMAIN_SCHEDULER_INTERVAL_MINUTES",
    ),
    "domain_sitemap_submission_scheduler": (
        "src.services.domain_sitemap_submission_scheduler.process_pending_domain_sitemap_submissions",
        60,
        "DOMAIN_SITEMAP_SUBMISSION_INTERVAL_MINUTES",
    ),
    "process_pending_jobs": (
        "src.services.sitemap_scheduler.process_pending_jobs",
        60,
        "SITEMAP_SCHEDULER_INTERVAL_SECONDS",
    ),
    "sitemap_import_scheduler": (
        "src.services.sitemap_import_scheduler.process_sitemap_import_queue",
        60,
        "SITEMAP_IMPORT_SCHEDULER_INTERVAL_MINUTES",
    ),
    "domain_extraction_scheduler": (
        "src.services.domain_extraction_scheduler.process_domain_extraction_queue",
        120,
        "DOMAIN_EXTRACTION_SCHEDULER_INTERVAL_MINUTES",
    ),
    "page_curation_scheduler": (
        "src.services.page_curation_scheduler.process_page_curation_queue",
        60,
        "PAGE_CURATION_SCHEDULER_INTERVAL_MINUTES",
    ),
    "deep_scan_scheduler": (
        "src.services.places_deep_scan_scheduler.process_deep_scan_queue",
        300,
        "DEEP_SCAN_SCHEDULER_INTERVAL_MINUTES",
    ),
    "batch_resume": (
        "src.services.batch_resume_scheduler.resume_queued_batches",
        900,
        "BATCH_RESUME_INTERVAL_MINUTES",
    ),
    "scheduler_heartbeat": (
        "src.services.scheduler_heartbeat.scheduler_heartbeat",
        600,
        "HEARTBEAT_INTERVAL_MINUTES",
    ),
    "contact_enrichment": (
        "src.services.contact_enrichment_scheduler.process_contact_enrichment_queue",
        300,
        "CONTACT_ENRICHMENT_INTERVAL_MINUTES",
    ),
}


def test_every_interval_job(catalog):
    jobs = {service.job_id: service for service in catalog.services if service.job_id}
    for job_id, (service_id, seconds, setting) in JOBS.items():
        service = jobs[job_id]
        assert service.id == service_id
        assert service.kind == "apscheduler-interval"
        assert service.trigger.every_seconds == seconds, job_id
        assert service.trigger.setting == setting, job_id
    reaper = jobs["stale_job_reaper"]
    assert reaper.kind == "apscheduler-cron"
    assert reaper.trigger.cron == {"hour": "3", "minute": "15"}
    assert len(jobs) == 11


def test_registration(catalog):
    jobs = {service.job_id: service for service in catalog.services if service.job_id}
    assert not jobs["contact_enrichment"].registered
    deep_scan = jobs["deep_scan_scheduler"].registration
    assert deep_scan.condition == "settings.GOOGLE_MAPS_API_KEY"
    assert deep_scan.enabled_by_default is False
    assert jobs["scheduler_heartbeat"].registration.entry == "import"
    for job_id in ("domain_worker", "stale_job_reaper", "batch_resume"):
        registration = jobs[job_id].registration
        assert registration.entry == "lifespan"
        assert (
            registration.chain[0].module == "src.main"
            and registration.chain[0].function == "lifespan"
        )
    # the interval comes from a local variable read from settings
    assert (
        jobs["domain_sitemap_submission_scheduler"].trigger.expression
        == "IntervalTrigger(minutes=interval)"
    )
    # getattr(settings, "X", 10): the Settings default (20) wins over the fallback
    assert jobs["sitemap_import_scheduler"].kwargs == {
        "batch_size": "settings.SITEMAP_IMPORT_SCHEDULER_BATCH_SIZE (default 20)"
    }


def test_tasks(catalog):
    services = catalog.services_by_id
    tasks = {
        service.id: service
        for service in catalog.services
        if service.kind in ("background-task", "asyncio-task")
    }
    assert set(tasks) == {
        "src.services.batch_service.process_batch_pages",
        "src.services.email_scan_service.scan_website_for_emails",
        "src.routers.sitemap_scan._run_sitemap_scan",
        "src.routers.pages._rescan_pages",
    }
    assert [
        ref.path for ref in services["src.services.batch_service.process_batch_pages"].endpoints
    ] == ["/api/v3/batch_page_scraper/batch"]
    assert [
        ref.path
        for ref in services["src.services.email_scan_service.scan_website_for_emails"].endpoints
    ] == ["/api/v3/email-scanner/scan/website"]
    # the fan-out helper is short-lived work started by the batch, not a service
    assert [(group.kind, group.function, [site.function for site in group.sites]) for group in
            catalog.spawns] == [
        ("asyncio-task", "process_batch_pages.<locals>._one", ["process_batch_pages"])
    ]  # fmt: skip
    assert not services["src.routers.pages._rescan_pages"].registered


POLLS = {
    "domain_worker": [("Domain", "status", "pending")],
    "domain_sitemap_submission_scheduler": [("Domain", "sitemap_analysis_status", "Queued")],
    "process_pending_jobs": [
        ("Job", "status", "pending"),
        ("Domain", "content_scrape_status", "Queued"),
    ],
    "sitemap_import_scheduler": [("SitemapFile", "sitemap_import_status", "Queued")],
    "domain_extraction_scheduler": [("LocalBusiness", "domain_extraction_status", "Queued")],
    "page_curation_scheduler": [("Page", "page_processing_status", "Queued")],
    "deep_scan_scheduler": [("Place", "deep_scan_status", "Queued")],
    "batch_resume": [("BatchJob", "status", "queued")],
    "contact_enrichment": [("Contact", "enrichment_status", "Queued")],
    "stale_job_reaper": [("Job", "status", "running"), ("BatchJob", "status", "processing")],
}

PRODUCERS = {
    "domain_worker": {("src.routers.domains", "create_domains", "POST /api/v3/domains")},
    "domain_sitemap_submission_scheduler": {
        (
            "src.routers.domains",
            "update_domain_sitemap_curation_status_batch",
            "PUT /api/v3/domains/sitemap-curation/status",
        )
    },
    "sitemap_import_scheduler": {
        (
            "src.routers.sitemap_files",
            "update_sitemap_files_status_batch",
            "PUT /api/v3/sitemap-files/status",
        )
    },
    "domain_extraction_scheduler": {
        (
            "src.routers.local_businesses",
            "update_local_businesses_status_batch",
            "PUT /api/v3/local-businesses/status",
        )
    },
    "page_curation_scheduler": {
        ("src.routers.pages", "update_page_curation_status_batch", "PUT /api/v3/pages/status")
    },
    "deep_scan_scheduler": {
        (
            "src.routers.places_staging",
            "update_places_status_batch",
            "PUT /api/v3/places/staging/status",
        )
    },
    "batch_resume": set(),
}


def test_status_flow(catalog):
    jobs = {service.job_id: service for service in catalog.services if service.job_id}
    for job_id, polls in POLLS.items():
        assert [(poll.model, poll.field, poll.value) for poll in jobs[job_id].polls] == polls, (
            job_id
        )
    for job_id, expected in PRODUCERS.items():
        found = {
            (
                producer.module,
                producer.function,
                f"{producer.endpoint.method} {producer.endpoint.path}",
            )
            for producer in jobs[job_id].producers
            if producer.endpoint
        }
        assert expected <= found, job_id
        if not expected:
            assert not jobs[job_id].producers
    # a job feeds the next one: job 5 creates pending domains for job 1; job 2 creates jobs for job 3
    domain_producers = {producer.service for producer in jobs["domain_worker"].producers}
    assert (
        "src.services.domain_extraction_scheduler.process_domain_extraction_queue"
        in domain_producers
    )
    job_producers = {producer.service for producer in jobs["process_pending_jobs"].producers}
    assert (
        "src.services.domain_sitemap_submission_scheduler.process_pending_domain_sitemap_submissions"
        in job_producers
    )
    # the generic polling helper
    assert (
        jobs["domain_extraction_scheduler"].loop_helper
        == "src.common.curation_sdk.scheduler_loop:run_job_loop"
    )


def test_two_enums_with_one_name_stay_apart(catalog):
    keys = {
        record.key for record in catalog.enums if record.name == "SitemapImportProcessStatusEnum"
    }
    assert keys == {
        "src.models.enums:SitemapImportProcessStatusEnum",
        "src.enums.status:SitemapImportProcessStatusEnum",
    }


def test_endpoints(catalog):
    paths = {(endpoint.method, endpoint.path) for endpoint in catalog.endpoints if endpoint.mounted}
    assert len(paths) == 32
    for expected in [
        ("GET", "/api/v3/domains"),
        ("PUT", "/api/v3/domains/content-curation/status"),
        ("GET", "/api/v3/jobs/stats"),
        ("POST", "/api/v3/email-scanner/scan/website"),
        ("GET", "/api/v3/api/v3/dev-tools/db/tables"),
        ("GET", "/api/v2/places/search"),
        ("GET", "/health"),
        ("GET", "/api/v3/health/db"),
        ("GET", "/"),
    ]:
        assert expected in paths
    assert [(mount.path, mount.module) for mount in catalog.mounts] == [("/static", "src.main")]


EXPECTED_FINDINGS = {
    "DB1": ("src.db.legacy_engine", ""),
    "DB2": ("src.core.db_service", "DbService.fetch_all"),
    "TEN1": ("src.services.places_service", "PlacesService.list_places"),
    "API1": ("src.routers.legacy_v2", "legacy_search_places"),
    "API2": ("src.routers.dev_tools", "list_scheduler_jobs"),
    "API3": ("src.routers.jobs", "get_job_stats"),
    "ERR1": ("src.services.core.error_service", "ErrorService"),
    "SVC1": ("src.services.contact_enrichment_scheduler", "setup_contact_enrichment_scheduler"),
    "SVC2": ("src.services.places_deep_scan_scheduler", "setup_deep_scan_scheduler"),
    "SVC3": ("src.routers.pages", "_schedule_page_rescan"),
    "FLOW1": ("src.routers.contacts", "update_contact_curation_status_batch"),
    "FLOW2": ("src.services.batch_resume_scheduler", "resume_queued_batches"),
    "FLOW3": ("src.services.sitemap_scheduler", "_run_content_scrape"),
    "FLOW4": ("src.routers.dev_tools", "requeue_sitemap_file"),
    "MOD1": ("src.utils.old_csv_export", ""),
    "MOD2": ("src.services.stale_job_reaper", "reap_stale_jobs"),
    "DOC1": ("src.services.sitemap_scheduler", "process_pending_jobs"),
}


def test_one_finding_of_each_rule(catalog):
    found = {(finding.rule, finding.module, finding.symbol) for finding in catalog.findings}
    for rule, (module, symbol) in EXPECTED_FINDINGS.items():
        assert (rule, module, symbol) in found, rule
    unreachable = set(catalog.to_dict()["unreachable_modules"])
    assert unreachable == {
        "src.services.contact_enrichment_scheduler",
        "src.services.legacy_sitemap_processor",
        "src.utils.old_csv_export",
    }


def test_outcomes_from_docstrings(catalog):
    with_outcome = {
        service.id for service in catalog.services if service.outcome_source == "docstring"
    }
    assert with_outcome == {
        "src.services.domain_scheduler.process_pending_domains",
        "src.services.sitemap_import_scheduler.process_sitemap_import_queue",
    }
