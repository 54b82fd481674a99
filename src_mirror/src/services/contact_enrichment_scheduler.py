"""
Contact enrichment scheduler.

Looks up name/title data for contacts queued for enrichment
(``enrichment_status = Queued``, set by the email scanner).
"""

import logging

import httpx
from sqlalchemy import select

from ..config.settings import settings
from ..enums.contact import ContactEnrichmentStatus
from ..models.contact import Contact
from ..scheduler_instance import scheduler
from ..session.async_session import get_background_session

logger = logging.getLogger(__name__)

JOB_ID = "contact_enrichment"
ENRICHMENT_URL = "https://enrichment.internal.scrapersky.com/v1/person"


async def process_contact_enrichment_queue(batch_size: int = 25) -> None:
    """Enrich queued contacts with person data."""
    async with get_background_session() as session:
        async with session.begin():
            stmt = (
                select(Contact)
                .where(Contact.enrichment_status == ContactEnrichmentStatus.Queued)
                .limit(batch_size)
                .with_for_update(skip_locked=True)
            )
            contacts = (await session.execute(stmt)).scalars().all()
            for contact in contacts:
                contact.enrichment_status = ContactEnrichmentStatus.Processing

            async with httpx.AsyncClient(timeout=15) as client:
                for contact in contacts:
                    try:
                        response = await client.get(ENRICHMENT_URL, params={"email": contact.email})
                        response.raise_for_status()
                        data = response.json()
                        contact.name = data.get("full_name") or contact.name
                        contact.enrichment_status = ContactEnrichmentStatus.Complete
                    except Exception as exc:
                        contact.enrichment_status = ContactEnrichmentStatus.Error
                        contact.enrichment_error = str(exc)[:1000]


def setup_contact_enrichment_scheduler() -> None:
    """Register the contact enrichment job."""
    scheduler.add_job(
        process_contact_enrichment_queue,
        "interval",
        minutes=settings.CONTACT_ENRICHMENT_INTERVAL_MINUTES,
        id=JOB_ID,
        max_instances=1,
        coalesce=True,
        kwargs={"batch_size": settings.CONTACT_ENRICHMENT_BATCH_SIZE},
    )
    logger.info("Registered %s", JOB_ID)
