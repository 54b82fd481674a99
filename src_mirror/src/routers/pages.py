"""Page curation endpoints."""

import logging
from typing import Any, Dict, List, Optional
from uuid import UUID

from fastapi import APIRouter, BackgroundTasks, Depends, Query
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..api_models.common import BatchUpdateResponse, PaginatedResponse
from ..api_models.pages import PageCurationUpdateRequest, PageRecord
from ..auth.jwt_auth import get_current_user
from ..models.page import Page, PageCurationStatus, PageProcessingStatus
from ..services.page_scraper.page_content_service import process_page_content
from ..session.async_session import get_background_session, get_session

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/pages", tags=["Pages"])


@router.get("", response_model=PaginatedResponse[PageRecord])
async def list_pages(
    domain_id: Optional[UUID] = None,
    page_curation_status: Optional[PageCurationStatus] = None,
    page: int = Query(1, ge=1),
    size: int = Query(50, ge=1, le=200),
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    stmt = select(Page)
    if domain_id:
        stmt = stmt.where(Page.domain_id == domain_id)
    if page_curation_status:
        stmt = stmt.where(Page.page_curation_status == page_curation_status)
    async with session.begin():
        total = (await session.execute(select(func.count()).select_from(stmt.subquery()))).scalar_one()
        rows = (
            await session.execute(stmt.order_by(Page.updated_at.desc()).offset((page - 1) * size).limit(size))
        ).scalars().all()
        items = [PageRecord.model_validate(r) for r in rows]
    return PaginatedResponse(items=items, total=total, page=page, size=size, pages=(total + size - 1) // size)


@router.put("/status", response_model=BatchUpdateResponse)
async def update_page_curation_status_batch(
    request: PageCurationUpdateRequest,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    """Set page curation status; Selected also queues content scraping."""
    stmt = update(Page).where(Page.id.in_(request.page_ids))
    if request.curation_status == PageCurationStatus.Selected:
        stmt = stmt.values(
            page_curation_status=PageCurationStatus.Selected,
            page_processing_status=PageProcessingStatus.Queued,
            page_processing_error=None,
        )
    else:
        stmt = stmt.values(page_curation_status=request.curation_status)

    async with session.begin():
        result = await session.execute(stmt)
    updated = result.rowcount or 0
    queued = updated if request.curation_status == PageCurationStatus.Selected else 0
    return BatchUpdateResponse(updated_count=updated, queued_count=queued)


async def _rescan_pages(page_ids: List[UUID]) -> None:
    """Re-scrape pages immediately, outside the curation queue."""
    for page_id in page_ids:
        try:
            async with get_background_session() as session:
                async with session.begin():
                    await process_page_content(page_id, session)
        except Exception:
            logger.exception("Immediate rescan failed for page %s", page_id)


def _schedule_page_rescan(background_tasks: BackgroundTasks, page_ids: List[UUID]) -> None:
    """Queue an immediate rescan as a background task."""
    background_tasks.add_task(_rescan_pages, page_ids)
    logger.info("Scheduled immediate rescan of %d page(s)", len(page_ids))
