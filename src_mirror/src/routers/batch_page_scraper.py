"""Batch page scraping endpoints."""

import logging
from typing import Any, Dict

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, status
from sqlalchemy.ext.asyncio import AsyncSession

from ..api_models.batch import BatchRequest, BatchResponse, BatchStatusResponse
from ..auth.jwt_auth import get_current_user
from ..services import batch_service
from ..session.async_session import get_session

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/batch_page_scraper", tags=["Batch Page Scraper"])


@router.post("/batch", response_model=BatchResponse, status_code=202)
async def create_scan_batch(
    request: BatchRequest,
    background_tasks: BackgroundTasks,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    """Create a batch and scrape its domains in the background."""
    from ..services.batch_service import process_batch_pages

    options = {"max_pages": request.max_pages, "max_concurrent_jobs": request.max_concurrent_jobs}
    async with session.begin():
        batch = await batch_service.create_batch(session, request.domains, options, user_id=current_user.get("id"))
        batch_id = batch.batch_id

    background_tasks.add_task(
        process_batch_pages,
        batch_id,
        request.domains,
        max_pages=request.max_pages,
        max_concurrent=request.max_concurrent_jobs,
    )
    logger.info("Batch %s created with %d domain(s)", batch_id, len(request.domains))
    return BatchResponse(
        batch_id=batch_id,
        status="processing",
        total_domains=len(request.domains),
        status_url=f"/api/v3/batch_page_scraper/batch/{batch_id}/status",
    )


@router.get("/batch/{batch_id}/status", response_model=BatchStatusResponse)
async def get_batch_status(
    batch_id: str,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    async with session.begin():
        batch = await batch_service.get_batch(session, batch_id)
        if batch is None:
            raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Batch not found")
        return BatchStatusResponse(
            batch_id=batch.batch_id,
            status=batch.status.value,
            total_domains=batch.total_domains,
            completed_domains=batch.completed_domains,
            failed_domains=batch.failed_domains,
            progress=batch.progress,
            start_time=batch.start_time,
            end_time=batch.end_time,
            error=batch.error,
        )
