"""
Domain extraction scheduler.

Local businesses selected by a curator are queued for domain extraction
(``domain_extraction_status = Queued``). This job turns each one into a
pending domain using the shared curation polling loop.
"""

import logging

from ..common.curation_sdk.scheduler_loop import run_job_loop
from ..config.settings import settings
from ..models.local_business import DomainExtractionStatusEnum, LocalBusiness
from ..scheduler_instance import scheduler
from .business_to_domain_service import process_single_local_business

logger = logging.getLogger(__name__)

JOB_ID = "domain_extraction_scheduler"


async def process_domain_extraction_queue(batch_size: int = 10) -> None:
    """Extract domains for queued local businesses."""
    await run_job_loop(
        model=LocalBusiness,
        status_enum=DomainExtractionStatusEnum,
        queued_status=DomainExtractionStatusEnum.Queued,
        processing_status=DomainExtractionStatusEnum.Processing,
        completed_status=DomainExtractionStatusEnum.Completed,
        failed_status=DomainExtractionStatusEnum.Error,
        processing_function=process_single_local_business,
        batch_size=batch_size,
        order_by_column=LocalBusiness.updated_at,
        status_field_name="domain_extraction_status",
        error_field_name="domain_extraction_error",
    )


def setup_domain_extraction_scheduler() -> None:
    """Register the domain extraction job."""
    scheduler.add_job(
        process_domain_extraction_queue,
        trigger="interval",
        minutes=settings.DOMAIN_EXTRACTION_SCHEDULER_INTERVAL_MINUTES,
        id=JOB_ID,
        name="Local business domain extraction",
        max_instances=1,
        coalesce=True,
        replace_existing=True,
        kwargs={"batch_size": settings.DOMAIN_EXTRACTION_SCHEDULER_BATCH_SIZE},
    )
    logger.info("Registered %s", JOB_ID)
