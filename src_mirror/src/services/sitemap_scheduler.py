"""
Sitemap scheduler.

One polling job that drains two queues per run:

1. ``jobs`` rows of type ``sitemap`` in status ``pending`` (created by the
   domain-to-sitemap adapter): discover and store the domain's sitemap files.
2. ``domains`` rows whose ``content_scrape_status`` is ``Queued`` (set by the
   domain content-curation endpoint): run domain-level enrichment.
"""

import logging
from typing import List
from uuid import UUID

from sqlalchemy import select

from ..config.settings import settings
from ..models.domain import Domain
from ..models.enums import ContentScrapeStatusEnum, JobStatusEnum
from ..models.job import Job
from ..scheduler_instance import scheduler
from ..session.async_session import get_background_session
from .page_scraper.domain_processor import process_domain_enrichment
from .sitemap_discovery_service import discover_and_store_sitemaps

logger = logging.getLogger(__name__)

JOB_ID = "process_pending_jobs"


async def _claim_pending_sitemap_jobs(limit: int) -> List[int]:
    async with get_background_session() as session:
        async with session.begin():
            stmt = (
                select(Job)
                .filter(Job.status == JobStatusEnum.pending, Job.job_type == "sitemap")
                .order_by(Job.created_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
            jobs = (await session.execute(stmt)).scalars().all()
            for job in jobs:
                job.status = JobStatusEnum.running
                job.progress = 0.1
            return [job.id for job in jobs]


async def _run_sitemap_job(job_pk: int) -> None:
    async with get_background_session() as session:
        async with session.begin():
            job = await session.get(Job, job_pk)
            if job is None:
                return
            try:
                domain = await session.get(Domain, job.domain_id) if job.domain_id else None
                if domain is None:
                    raise ValueError("Sitemap job has no domain")
                summary = await discover_and_store_sitemaps(session, domain)
                job.result_data = {**(job.result_data or {}), **summary}
                job.status = JobStatusEnum.complete
                job.progress = 1.0
            except Exception as exc:
                logger.exception("Sitemap job %s failed", job.job_id)
                job.status = JobStatusEnum.failed
                job.error = str(exc)[:1000]


async def _claim_queued_content_scrapes(limit: int) -> List[UUID]:
    async with get_background_session() as session:
        async with session.begin():
            stmt = (
                select(Domain)
                .where(Domain.content_scrape_status == ContentScrapeStatusEnum.Queued)
                .order_by(Domain.updated_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
            domains = (await session.execute(stmt)).scalars().all()
            for domain in domains:
                domain.content_scrape_status = ContentScrapeStatusEnum.Processing
                domain.content_scrape_error = None
            return [d.id for d in domains]


async def _run_content_scrape(domain_id: UUID) -> None:
    try:
        async with get_background_session() as session:
            async with session.begin():
                await process_domain_enrichment(domain_id, session)
                domain = await session.get(Domain, domain_id)
                domain.content_scrape_status = ContentScrapeStatusEnum.Complete
    except Exception as exc:
        logger.exception("Content scrape failed for domain %s", domain_id)
        async with get_background_session() as session:
            async with session.begin():
                domain = await session.get(Domain, domain_id)
                if domain is not None:
                    domain.content_scrape_status = ContentScrapeStatusEnum.Error
                    domain.content_scrape_error = str(exc)[:1000]


async def process_pending_jobs(limit: int = 10) -> None:
    """Drain pending sitemap jobs, then queued domain content scrapes."""
    job_ids = await _claim_pending_sitemap_jobs(limit)
    for job_pk in job_ids:
        await _run_sitemap_job(job_pk)

    domain_ids = await _claim_queued_content_scrapes(limit)
    for domain_id in domain_ids:
        await _run_content_scrape(domain_id)

    if job_ids or domain_ids:
        logger.info("Sitemap scheduler run: %d sitemap job(s), %d content scrape(s)", len(job_ids), len(domain_ids))


def setup_sitemap_scheduler() -> None:
    """Register the sitemap/content-scrape polling job."""
    scheduler.add_job(
        process_pending_jobs,
        "interval",
        seconds=settings.SITEMAP_SCHEDULER_INTERVAL_SECONDS,
        id=JOB_ID,
        name="Sitemap jobs and domain content scrapes",
        max_instances=settings.SITEMAP_SCHEDULER_MAX_INSTANCES,
        coalesce=True,
        replace_existing=True,
        kwargs={"limit": settings.SITEMAP_SCHEDULER_BATCH_SIZE},
    )
    logger.info("Registered %s every %ss", JOB_ID, settings.SITEMAP_SCHEDULER_INTERVAL_SECONDS)
