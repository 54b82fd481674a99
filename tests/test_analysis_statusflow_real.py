"""The status flow of a backend shaped like a real one (``backends/statusflow_real``).

Two models share a ``status`` column name with the same enum (``Page``, ``Domain``) and a
third has its own (``Job``); endpoints enqueue through every producer form (dict keys of
``values()``, ``data["status"] = ...`` before ``Model(**data)`` or ``insert().values(**data)``,
``setattr`` with an f-string name, a conditional keyword, the model taken from the written
variable), APScheduler jobs poll directly or through repository and service classes, and
one column is written only for display.
"""

from __future__ import annotations

import pytest
from conftest import analyse_backend, analyse_tree, write_package
from scrapersky_services.analysis.model.statusflow import StatusFlow
from scrapersky_services.analysis.resolve.values import value_text

BACKEND = "statusflow_real"
JOBS = "app.services.scheduler."


@pytest.fixture(scope="module")
def catalog():
    return analyse_backend(BACKEND)


def _queues(catalog):
    return {
        (queue.status.model, queue.status.field, queue.status.value): (
            queue.pollers,
            [(writer.module, writer.function, writer.line) for writer in queue.writers],
            queue.orphan,
            queue.unwritten,
        )
        for queue in catalog.queues
    }


def test_every_queue_with_its_exact_producers_and_pollers(catalog):
    assert _queues(catalog) == {
        ("Job", "status", "queued"): (
            (JOBS + "process_jobs",),
            [
                ("app.routers.jobs", "create_job", 13),  # status=QUEUED if urgent else NEW
                ("app.routers.jobs", "queue_job", 23),  # values({Job.status: ...})
                ("app.routers.jobs", "import_job", 33),  # data["status"]; insert().values(**data)
                ("app.routers.jobs", "retry_job", 41),  # job: Job = await session.get(Job, id)
            ],
            False,
            False,
        ),
        ("Page", "status", "Queued"): (
            (JOBS + "process_pages",),
            [
                ("app.routers.pages", "create_page", 17),  # data["status"]; Page(**data)
                ("app.routers.pages", "queue_page", 25),  # values({"status": ...})
                ("app.routers.pages", "requeue_failed", 44),  # for page in ...scalars()
            ],
            False,
            False,
        ),
        ("Page", "scrape_status", "Queued"): (
            (JOBS + "process_scrapes",),
            [("app.routers.pages", "queue_scrape", 34)],  # setattr(page, f"{SCRAPE}_status")
            False,
            False,
        ),
        ("Domain", "status", "Queued"): (
            (JOBS + "process_domains",),  # polled in DomainService.claim
            [
                ("app.routers.domains", "create_domain", 14),  # domain = Domain(...)
                ("app.routers.domains", "queue_domain", 23),  # session.get(Domain, id)
                ("app.routers.domains", "retry_domain", 39),  # a helper returning the row
            ],
            False,
            False,
        ),
        ("Domain", "status", "Error"): ((JOBS + "clean_domains",), [], False, True),
        ("Domain", "verify_status", "Queued"): (
            (),
            [("app.routers.domains", "verify_domain", 31)],
            True,
            False,
        ),
    }


def test_producers_carry_their_endpoint_and_status(catalog):
    services = catalog.services_by_id
    producers = {
        name: [
            f"{p.function}:{p.line} {p.status.model}.{p.status.field}={p.status.value} "
            f"({p.status.enum}) {p.endpoint.method} {p.endpoint.path}"
            for p in services[JOBS + name].producers
        ]
        for name in ("process_jobs", "process_pages", "process_domains", "process_scrapes")
    }
    job, task = "app.models.job:JobStatus", "app.models.page:TaskStatus"
    assert producers == {
        "process_jobs": [
            f"create_job:13 Job.status=queued ({job}) POST /api/v1/jobs",
            f"queue_job:23 Job.status=queued ({job}) PUT /api/v1/jobs/{{job_id}}/queue",
            f"import_job:33 Job.status=queued ({job}) POST /api/v1/jobs/import",
            f"retry_job:41 Job.status=queued ({job}) PUT /api/v1/jobs/{{job_id}}/retry",
        ],
        "process_pages": [
            f"create_page:17 Page.status=Queued ({task}) POST /api/v1/pages",
            f"queue_page:25 Page.status=Queued ({task}) PUT /api/v1/pages/{{page_id}}/queue",
            f"requeue_failed:44 Page.status=Queued ({task}) PUT /api/v1/pages/requeue",
        ],
        "process_domains": [
            f"create_domain:14 Domain.status=Queued ({task}) POST /api/v1/domains",
            f"queue_domain:23 Domain.status=Queued ({task}) PUT /api/v1/domains/{{domain_id}}/queue",
            f"retry_domain:39 Domain.status=Queued ({task}) PUT /api/v1/domains/{{domain_id}}/retry",
        ],
        "process_scrapes": [
            f"queue_scrape:34 Page.scrape_status=Queued ({task}) PUT /api/v1/pages/{{page_id}}/scrape",
        ],
    }


def test_polls_inside_repository_and_service_methods(catalog):
    services = catalog.services_by_id
    polls = {
        service.id.removeprefix(JOBS): [
            (poll.model, poll.field, poll.value) for poll in service.polls
        ]
        for service in catalog.services
    }
    assert polls == {
        "clean_domains": [("Domain", "status", "Error")],
        # JobService(session).claim() -> self.repo.next_batch()
        "process_jobs": [("Job", "status", "queued")],
        # DomainService(session).claim()
        "process_domains": [("Domain", "status", "Queued")],
        "process_pages": [("Page", "status", "Queued")],
        "process_scrapes": [("Page", "scrape_status", "Queued")],
    }
    # JobService.finish writes both branches of ``DONE if ok else FAILED``
    assert [(w.model, w.field, w.value) for w in services[JOBS + "process_jobs"].writes] == [
        ("Job", "status", "running"),
        ("Job", "status", "done"),
        ("Job", "status", "failed"),
    ]


def test_every_write_is_attributed_to_its_model(monkeypatch):
    found = []
    original = StatusFlow.all_writes

    def spy(self):
        writes = original(self)
        found.extend(writes)
        return writes

    monkeypatch.setattr(StatusFlow, "all_writes", spy)
    analyse_backend(BACKEND)
    writes = sorted(
        f"{hit.module}:{hit.scope}:{hit.line} {hit.model.rpartition(':')[2]}.{hit.field} = "
        f"{value_text(hit.value)} ({hit.how})"
        for hit in found
        if hit.module.startswith("app.routers")
    )
    assert writes == [
        "app.routers.domains:create_domain:14 Domain.status = TaskStatus.QUEUED (attribute)",
        "app.routers.domains:queue_domain:23 Domain.status = TaskStatus.QUEUED (attribute)",
        "app.routers.domains:retry_domain:39 Domain.status = TaskStatus.QUEUED (attribute)",
        "app.routers.domains:verify_domain:31 Domain.verify_status = TaskStatus.QUEUED (attribute)",
        "app.routers.jobs:create_job:13 Job.status = JobStatus.NEW (constructor)",
        "app.routers.jobs:create_job:13 Job.status = JobStatus.QUEUED (constructor)",
        "app.routers.jobs:import_job:33 Job.status = JobStatus.QUEUED (values)",
        "app.routers.jobs:queue_job:23 Job.status = JobStatus.QUEUED (values)",
        "app.routers.jobs:retry_job:41 Job.status = JobStatus.QUEUED (attribute)",
        "app.routers.pages:create_page:17 Page.status = TaskStatus.QUEUED (constructor)",
        "app.routers.pages:hide_page:52 Page.display_status = DisplayStatus.HIDDEN (attribute)",
        "app.routers.pages:queue_page:25 Page.status = TaskStatus.QUEUED (values)",
        "app.routers.pages:queue_scrape:34 Page.scrape_status = TaskStatus.QUEUED (setattr)",
        "app.routers.pages:requeue_failed:44 Page.status = TaskStatus.QUEUED (attribute)",
    ]


def test_flow_findings_are_exactly_the_true_ones(catalog):
    found = sorted(
        (finding.rule, finding.module, finding.line, finding.symbol, finding.message)
        for finding in catalog.findings
        if finding.rule.startswith("FLOW")
    )
    assert found == [
        # verify_status: queued by an endpoint, polled by no job (a true orphan); not
        # reported: Domain.index_status (only its column default is QUEUED), Page.
        # display_status (written, polled by nobody, no queue-like value), Job NEW
        (
            "FLOW1",
            "app.routers.domains",
            31,
            "verify_domain",
            "Domain.verify_status = TaskStatus.QUEUED is written here but no registered "
            "service polls it",
        ),
        # Domain ERROR is polled for cleanup but never written (Page ERROR is not Domain's)
        (
            "FLOW2",
            "app.services.scheduler",
            42,
            "clean_domains",
            "app.services.scheduler.clean_domains polls for Domain.status = TaskStatus.ERROR, "
            "but no code writes that status",
        ),
    ]


def test_a_write_of_unknown_model_is_not_an_enum_mix_up(tmp_path):
    """``row`` comes from outside the project and ``PageStatus`` is the enum of two models'
    ``status``: its model cannot be told (reported as no model), but its enum is the
    declared enum of those columns, so it is no FLOW4 against ``Job.status`` (whose enum
    has a member of the same name); no FLOW1 either (no model)."""
    tree = write_package(
        tmp_path,
        models=MODELS,
        main=MAIN,
    )
    found = [f.rule for f in analyse_tree(tree).findings if f.rule.startswith("FLOW")]
    assert found == []


MODELS = """
import enum
from sqlalchemy import Enum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Base(DeclarativeBase):
    pass

class JobStatus(enum.Enum):
    QUEUED = "queued"

class PageStatus(enum.Enum):
    QUEUED = "Queued"

class Job(Base):
    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[JobStatus] = mapped_column(Enum(JobStatus))

class Page(Base):
    __tablename__ = "pages"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[PageStatus] = mapped_column(Enum(PageStatus))

class Site(Base):
    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[PageStatus] = mapped_column(Enum(PageStatus))
"""

MAIN = """
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from fastapi import FastAPI
from sqlalchemy import select
from thirdparty import fetch_row

from .models import Job, JobStatus, Page, PageStatus

app = FastAPI()
scheduler = AsyncIOScheduler()


async def run_jobs(session=None):
    await session.execute(select(Job).where(Job.status == JobStatus.QUEUED))
    await session.execute(select(Page).where(Page.status == PageStatus.QUEUED))


@app.put("/pages/{page_id}")
async def queue_page(page_id: int):
    row = await fetch_row(page_id)
    row.status = PageStatus.QUEUED


@app.post("/jobs")
async def queue_job(session=None):
    session.add(Job(status=JobStatus.QUEUED))


scheduler.add_job(run_jobs, "interval", minutes=1)
"""
