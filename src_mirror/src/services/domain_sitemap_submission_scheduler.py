"""
Domain sitemap submission scheduler.

Picks up domains whose ``sitemap_analysis_status`` is ``Queued`` (set by the
domain sitemap-curation endpoint when a curator selects a domain) and submits
each one to the sitemap analysis pipeline via the adapter service.
"""

import logging
from typing import List
from uuid import UUID

from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select

from ..config.settings import settings
from ..models.domain import Domain
from ..models.enums import SitemapAnalysisStatusEnum
from ..scheduler_instance import scheduler
from ..session.async_session import get_background_session
from .domain_to_sitemap_adapter_service import DomainToSitemapAdapterService

logger = logging.getLogger(__name__)

JOB_ID = "domain_sitemap_submission_scheduler"


async def _claim_queued_domains(batch_size: int) -> List[UUID]:
    async with get_background_session() as session:
        async with session.begin():
            stmt = (
                select(Domain)
                .where(Domain.sitemap_analysis_status == SitemapAnalysisStatusEnum.Queued.value)
                .order_by(Domain.updated_at)
                .limit(batch_size)
                .with_for_update(skip_locked=True)
            )
            domains = (await session.execute(stmt)).scalars().all()
            for domain in domains:
                domain.sitemap_analysis_status = SitemapAnalysisStatusEnum.Processing
            return [d.id for d in domains]


async def process_pending_domain_sitemap_submissions(batch_size: int = 10) -> None:
    """Submit queued domains for sitemap analysis, recording failures on the domain."""
    domain_ids = await _claim_queued_domains(batch_size)
    if not domain_ids:
        return

    adapter = DomainToSitemapAdapterService()
    submitted = 0
    for domain_id in domain_ids:
        try:
            async with get_background_session() as session:
                async with session.begin():
                    await adapter.submit_domain(domain_id, session)
            submitted += 1
        except Exception as exc:
            logger.exception("Sitemap submission failed for domain %s", domain_id)
            async with get_background_session() as session:
                async with session.begin():
                    domain = await session.get(Domain, domain_id)
                    if domain is not None:
                        domain.sitemap_analysis_status = SitemapAnalysisStatusEnum.Failed
                        domain.sitemap_analysis_error = str(exc)[:1000]

    logger.info("Sitemap submission run: %d/%d submitted", submitted, len(domain_ids))


def setup_domain_sitemap_submission_scheduler() -> None:
    """Register the sitemap submission job."""
    interval = settings.DOMAIN_SITEMAP_SUBMISSION_INTERVAL_MINUTES
    scheduler.add_job(
        process_pending_domain_sitemap_submissions,
        trigger=IntervalTrigger(minutes=interval),
        id=JOB_ID,
        name="Domain sitemap submission",
        max_instances=1,
        coalesce=True,
        replace_existing=True,
        kwargs={"batch_size": settings.DOMAIN_SITEMAP_SUBMISSION_BATCH_SIZE},
    )
    logger.info("Registered %s every %s minute(s)", JOB_ID, interval)
