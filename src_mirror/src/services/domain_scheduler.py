"""
Domain metadata scheduler.

Polls the ``domains`` table for rows whose ``status`` is ``pending``, marks
them ``processing``, fetches each homepage and stores what the metadata
extractor finds (title, description, emails, phone numbers, social links,
favicon, language, WordPress detection and a tech-stack fingerprint). Rows end
as ``completed`` or ``error`` with the error message recorded.

Outcome:
    Every domain that enters the system gets a basic company profile from its
    homepage within minutes, so curators can judge it (and see reachable
    emails and phones) before spending any deep-scrape budget on it.
"""

import logging
from datetime import datetime, timezone
from typing import Any, Dict, List
from uuid import UUID

from sqlalchemy import select

from ..config.settings import settings
from ..models.domain import Domain
from ..models.enums import DomainStatusEnum
from ..scheduler_instance import scheduler
from ..scraper import metadata_extractor
from ..scraper.domain_utils import get_domain_url
from ..scraper.fetcher import FetchError, fetch_html
from ..session.async_session import get_background_session

logger = logging.getLogger(__name__)

JOB_ID = "domain_worker"


async def _claim_pending_domains(batch_size: int) -> List[UUID]:
    async with get_background_session() as session:
        async with session.begin():
            stmt = (
                select(Domain)
                .where(Domain.status == DomainStatusEnum.pending)
                .order_by(Domain.created_at)
                .limit(batch_size)
                .with_for_update(skip_locked=True)
            )
            domains = (await session.execute(stmt)).scalars().all()
            for domain in domains:
                domain.status = DomainStatusEnum.processing
                domain.error_message = None
            return [d.id for d in domains]


def _apply_metadata(domain: Domain, metadata: Dict[str, Any]) -> None:
    domain.title = (metadata.get("title") or "")[:500] or None
    domain.description = metadata.get("description")
    domain.favicon_url = metadata.get("favicon_url")
    domain.language = metadata.get("language")
    domain.email_addresses = metadata.get("emails") or []
    domain.phone_numbers = metadata.get("phones") or []
    domain.social_links = metadata.get("social_links") or {}
    domain.tech_stack = metadata.get("tech_stack") or {}
    domain.is_wordpress = metadata.get("is_wordpress")
    domain.wordpress_version = metadata.get("wordpress_version")
    domain.domain_metadata = {"structured_data": metadata.get("structured_data", [])}
    domain.last_scan = datetime.now(timezone.utc)


async def _process_domain(domain_id: UUID) -> None:
    async with get_background_session() as session:
        async with session.begin():
            domain = await session.get(Domain, domain_id)
            if domain is None:
                logger.warning("Domain %s disappeared before processing", domain_id)
                return
            try:
                final_url, html = await fetch_html(get_domain_url(domain.domain))
                metadata = metadata_extractor.extract_metadata(html, final_url)
                _apply_metadata(domain, metadata)
                domain.status = DomainStatusEnum.completed
                logger.info(
                    "Domain %s processed: %d emails, %d phones",
                    domain.domain,
                    len(domain.email_addresses or []),
                    len(domain.phone_numbers or []),
                )
            except FetchError as exc:
                domain.status = DomainStatusEnum.error
                domain.error_message = str(exc)[:1000]
                logger.warning("Could not fetch %s: %s", domain.domain, exc)


async def process_pending_domains(batch_size: int = 10) -> None:
    """Claim up to ``batch_size`` pending domains and extract their homepage metadata."""
    domain_ids = await _claim_pending_domains(batch_size)
    if not domain_ids:
        logger.debug("No pending domains")
        return

    logger.info("Processing %d pending domain(s)", len(domain_ids))
    for domain_id in domain_ids:
        try:
            await _process_domain(domain_id)
        except Exception as exc:
            logger.exception("Unexpected error processing domain %s", domain_id)
            async with get_background_session() as session:
                async with session.begin():
                    domain = await session.get(Domain, domain_id)
                    if domain is not None:
                        domain.status = DomainStatusEnum.error
                        domain.error_message = str(exc)[:1000]


def setup_domain_scheduler() -> None:
    """Register the domain metadata job on the shared scheduler."""
    scheduler.add_job(
        process_pending_domains,
        trigger="interval",
        minutes=settings.DOMAIN_SCHEDULER_INTERVAL_MINUTES,
        id=JOB_ID,
        name="Domain homepage metadata",
        max_instances=settings.DOMAIN_SCHEDULER_MAX_INSTANCES,
        coalesce=True,
        replace_existing=True,
        kwargs={"batch_size": settings.DOMAIN_SCHEDULER_BATCH_SIZE},
    )
    logger.info(
        "Registered %s every %s minute(s), batch size %s",
        JOB_ID,
        settings.DOMAIN_SCHEDULER_INTERVAL_MINUTES,
        settings.DOMAIN_SCHEDULER_BATCH_SIZE,
    )
