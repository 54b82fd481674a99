"""
Page curation scheduler.

Pages selected by a curator get ``page_processing_status = Queued``; this job
scrapes their content through the shared curation polling loop.
"""

import logging

from ..common.curation_sdk.scheduler_loop import run_job_loop
from ..models.page import Page, PageCurationStatus, PageProcessingStatus
from ..scheduler_instance import scheduler
from .page_scraper.page_content_service import process_page_content

logger = logging.getLogger(__name__)

JOB_ID = "page_curation_scheduler"


async def process_page_curation_queue(batch_size: int = 10) -> None:
    """Scrape content for pages queued by page curation."""
    await run_job_loop(
        model=Page,
        status_enum=PageProcessingStatus,
        queued_status=PageProcessingStatus.Queued,
        processing_status=PageProcessingStatus.Processing,
        completed_status=PageProcessingStatus.Complete,
        failed_status=PageProcessingStatus.Error,
        processing_function=process_page_content,
        batch_size=batch_size,
        status_field_name="page_processing_status",
        error_field_name="page_processing_error",
    )


def setup_page_curation_scheduler() -> None:
    """Register the page curation job; settings are read at call time."""
    from ..config.settings import settings

    scheduler.add_job(
        process_page_curation_queue,
        trigger="interval",
        minutes=settings.PAGE_CURATION_SCHEDULER_INTERVAL_MINUTES,
        id=JOB_ID,
        name="Page content scraping",
        max_instances=1,
        coalesce=True,
        replace_existing=True,
        kwargs={"batch_size": settings.PAGE_CURATION_SCHEDULER_BATCH_SIZE},
    )
    logger.info("Registered %s (curation trigger: %s)", JOB_ID, PageCurationStatus.Selected.value)
