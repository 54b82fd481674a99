"""
Sitemap import scheduler.

Imports and processes sitemap files that a curator selected for deep scrape
(``sitemap_import_status = Queued``): each file is downloaded, parsed, and its
URLs become ``Page`` rows ready for page curation.

Outcome:
    Selected sitemaps turn into a curated-ready inventory of every page on the
    prospect's site, which is what page curation and contact harvesting work
    from.
"""

import logging

from apscheduler.triggers.interval import IntervalTrigger

from ..config.settings import settings
from ..scheduler_instance import scheduler
from ..session.async_session import get_background_session
from .sitemap_import_service import SitemapImportService

logger = logging.getLogger(__name__)

JOB_ID = "sitemap_import_scheduler"


async def process_sitemap_import_queue(batch_size: int = 10) -> None:
    """Import up to ``batch_size`` queued sitemap files, one transaction per file."""
    service = SitemapImportService()

    async with get_background_session() as session:
        async with session.begin():
            file_ids = await service.claim_queued_files(session, batch_size)

    if not file_ids:
        return
    logger.info("Importing %d queued sitemap file(s)", len(file_ids))

    for file_id in file_ids:
        try:
            async with get_background_session() as session:
                async with session.begin():
                    await service.process_single_sitemap_file(file_id, session)
        except Exception as exc:
            logger.exception("Sitemap import failed for %s", file_id)
            async with get_background_session() as session:
                async with session.begin():
                    await service.mark_error(session, file_id, str(exc))


def setup_sitemap_import_scheduler() -> None:
    """Register the sitemap import job."""
    batch_size = getattr(settings, "SITEMAP_IMPORT_SCHEDULER_BATCH_SIZE", 10)
    scheduler.add_job(
        process_sitemap_import_queue,
        trigger=IntervalTrigger(minutes=settings.SITEMAP_IMPORT_SCHEDULER_INTERVAL_MINUTES),
        id=JOB_ID,
        name="Sitemap file import",
        max_instances=1,
        coalesce=True,
        replace_existing=True,
        kwargs={"batch_size": batch_size},
    )
    logger.info("Registered %s (batch size %s)", JOB_ID, batch_size)
