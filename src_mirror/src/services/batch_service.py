"""
Batch page scraping.

A batch is a list of domains scraped concurrently. The batch endpoint creates
the ``BatchJob`` row and then runs ``process_batch_pages`` as a FastAPI
background task; per-domain work is fanned out with ``asyncio.create_task``.
"""

import asyncio
import logging
import uuid
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models.batch_job import BatchJob
from ..models.enums import BatchJobStatusEnum
from ..session.async_session import get_background_session
from .page_scraper.processing_service import PageProcessingService

logger = logging.getLogger(__name__)


async def create_batch(
    session: AsyncSession, domains: List[str], options: Dict[str, Any], user_id: Optional[str] = None
) -> BatchJob:
    """Create a batch row in ``processing`` state. The caller commits."""
    batch = BatchJob(
        batch_id=uuid.uuid4().hex,
        processor_type="page_scraper",
        status=BatchJobStatusEnum.processing,
        total_domains=len(domains),
        completed_domains=0,
        failed_domains=0,
        domains=domains,
        options=options,
        start_time=datetime.now(timezone.utc),
        created_by=uuid.UUID(user_id) if user_id else None,
    )
    session.add(batch)
    await session.flush()
    return batch


async def get_batch(session: AsyncSession, batch_id: str) -> Optional[BatchJob]:
    return (await session.execute(select(BatchJob).where(BatchJob.batch_id == batch_id))).scalars().first()


async def _record_result(batch_id: str, result: Dict[str, Any]) -> None:
    async with get_background_session() as session:
        async with session.begin():
            batch = await get_batch(session, batch_id)
            if batch is None:
                return
            if result.get("success"):
                batch.completed_domains = (batch.completed_domains or 0) + 1
            else:
                batch.failed_domains = (batch.failed_domains or 0) + 1
            results = dict(batch.results or {})
            results[result["domain"]] = result
            batch.results = results


async def process_batch_pages(batch_id: str, domains: List[str], max_pages: int = 5, max_concurrent: int = 3) -> None:
    """Scrape every domain of a batch and finalise the batch status."""
    service = PageProcessingService()
    semaphore = asyncio.Semaphore(max_concurrent)

    async def _one(domain: str) -> None:
        async with semaphore:
            result = await service.process_domain(domain, max_pages=max_pages)
            await _record_result(batch_id, result)

    tasks = [asyncio.create_task(_one(domain), name=f"batch-{batch_id}-{domain}") for domain in domains]
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    crashed = [o for o in outcomes if isinstance(o, Exception)]

    async with get_background_session() as session:
        async with session.begin():
            batch = await get_batch(session, batch_id)
            if batch is None:
                return
            batch.end_time = datetime.now(timezone.utc)
            if crashed and len(crashed) == len(domains):
                batch.status = BatchJobStatusEnum.failed
                batch.error = str(crashed[0])[:1000]
            else:
                batch.status = BatchJobStatusEnum.completed
    logger.info("Batch %s finished (%d crashed task(s))", batch_id, len(crashed))
