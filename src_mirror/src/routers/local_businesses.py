"""Local business curation endpoints."""

import logging
from typing import Any, Dict, Optional

from fastapi import APIRouter, Depends, Query
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..api_models.common import BatchUpdateResponse, PaginatedResponse
from ..api_models.local_businesses import LocalBusinessBatchStatusUpdateRequest, LocalBusinessRecord
from ..auth.jwt_auth import get_current_user
from ..models.local_business import DomainExtractionStatusEnum, LocalBusiness
from ..models.place import PlaceStatusEnum
from ..services.core.error_service import ErrorService
from ..session.async_session import get_session

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/local-businesses", tags=["Local Businesses"])


@router.get("", response_model=PaginatedResponse[LocalBusinessRecord])
async def list_local_businesses(
    status: Optional[PlaceStatusEnum] = None,
    page: int = Query(1, ge=1),
    size: int = Query(50, ge=1, le=200),
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    stmt = select(LocalBusiness)
    if status is not None:
        stmt = stmt.where(LocalBusiness.status == status)
    async with session.begin():
        total = (await session.execute(select(func.count()).select_from(stmt.subquery()))).scalar_one()
        rows = (
            await session.execute(
                stmt.order_by(LocalBusiness.updated_at.desc()).offset((page - 1) * size).limit(size)
            )
        ).scalars().all()
        items = [LocalBusinessRecord.model_validate(r) for r in rows]
    return PaginatedResponse(items=items, total=total, page=page, size=size, pages=(total + size - 1) // size)


@router.put("/status", response_model=BatchUpdateResponse)
async def update_local_businesses_status_batch(
    request: LocalBusinessBatchStatusUpdateRequest,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    """Set business status; Selected also queues domain extraction."""
    try:
        queued = 0
        async with session.begin():
            businesses = (
                await session.execute(select(LocalBusiness).where(LocalBusiness.id.in_(request.local_business_ids)))
            ).scalars().all()
            for business in businesses:
                business.status = request.status
                if request.status == PlaceStatusEnum.Selected:
                    business.domain_extraction_status = DomainExtractionStatusEnum.Queued
                    business.domain_extraction_error = None
                    queued += 1
        return BatchUpdateResponse(updated_count=len(businesses), queued_count=queued)
    except Exception as exc:
        raise ErrorService.handle_exception(exc, "update_local_businesses_status_batch")
