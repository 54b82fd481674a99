"""
Website email scanning.

Runs as a FastAPI background task started by the email scanner endpoint:
crawls a domain, stores every email found as a contact queued for enrichment,
and tracks progress on a ``Job`` row of type ``email_scan``.
"""

import logging
from typing import Set
from uuid import UUID

from sqlalchemy import select

from ..enums.contact import ContactCurationStatus, ContactEnrichmentStatus
from ..models.contact import Contact
from ..models.domain import Domain
from ..models.enums import JobStatusEnum
from ..models.job import Job
from ..session.async_session import get_background_session
from .page_scraper.domain_processor import classify_email, crawl_domain_pages

logger = logging.getLogger(__name__)

EMAIL_SCAN_MAX_PAGES = 10


async def _set_job(job_id: UUID, **fields) -> None:
    async with get_background_session() as session:
        async with session.begin():
            job = (await session.execute(select(Job).where(Job.job_id == job_id))).scalars().first()
            if job is not None:
                for key, value in fields.items():
                    setattr(job, key, value)


async def scan_website_for_emails(job_id: UUID, domain_id: UUID) -> None:
    """Background task: crawl a domain and store the emails it exposes."""
    await _set_job(job_id, status=JobStatusEnum.running, progress=0.05)
    try:
        async with get_background_session() as session:
            async with session.begin():
                domain = await session.get(Domain, domain_id)
                if domain is None:
                    raise ValueError(f"Domain {domain_id} not found")
                domain_name = domain.domain

        pages = await crawl_domain_pages(domain_name, EMAIL_SCAN_MAX_PAGES)
        await _set_job(job_id, progress=0.6)

        found: Set[str] = {email for page in pages for email in page["emails"]}
        async with get_background_session() as session:
            async with session.begin():
                known = set(
                    (await session.execute(select(Contact.email).where(Contact.domain_id == domain_id))).scalars()
                )
                for email in sorted(found - known):
                    source = next((p["url"] for p in pages if email in p["emails"]), None)
                    session.add(
                        Contact(
                            domain_id=domain_id,
                            email=email,
                            email_type=classify_email(email),
                            source_url=source,
                            contact_curation_status=ContactCurationStatus.New,
                            enrichment_status=ContactEnrichmentStatus.Queued,
                        )
                    )

        await _set_job(
            job_id,
            status=JobStatusEnum.complete,
            progress=1.0,
            result_data={"emails_found": len(found), "pages_scanned": len(pages)},
        )
        logger.info("Email scan %s: %d email(s) on %s", job_id, len(found), domain_name)
    except Exception as exc:
        logger.exception("Email scan %s failed", job_id)
        await _set_job(job_id, status=JobStatusEnum.failed, error=str(exc)[:1000])
