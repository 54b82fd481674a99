"""Places staging grid endpoints."""

import logging
from typing import Any, Dict, Optional
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from ..api_models.common import BatchUpdateResponse, PaginatedResponse
from ..api_models.places import PlaceRecord, PlaceStatusUpdateRequest
from ..auth.jwt_auth import get_current_user
from ..models.place import GcpApiDeepScanStatusEnum, Place, PlaceStatusEnum
from ..services.places_service import PlacesService
from ..session.async_session import get_session

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/places/staging", tags=["Places Staging"])


@router.get("", response_model=PaginatedResponse[PlaceRecord])
async def list_staged_places(
    status: Optional[PlaceStatusEnum] = None,
    search_job_id: Optional[UUID] = None,
    tenant_id: Optional[UUID] = None,
    page: int = Query(1, ge=1),
    size: int = Query(50, ge=1, le=200),
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    async with session.begin():
        rows, total = await PlacesService.list_places(
            session,
            status=status,
            search_job_id=search_job_id,
            tenant_id=tenant_id,
            offset=(page - 1) * size,
            limit=size,
        )
        items = [PlaceRecord.model_validate(r) for r in rows]
    return PaginatedResponse(items=items, total=total, page=page, size=size, pages=(total + size - 1) // size)


@router.put("/status", response_model=BatchUpdateResponse)
async def update_places_status_batch(
    request: PlaceStatusUpdateRequest,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    """Set place status; Selected also queues a Google Maps deep scan."""
    async with session.begin():
        if request.status == PlaceStatusEnum.Selected:
            stmt = (
                update(Place)
                .where(Place.place_id.in_(request.place_ids))
                .values({Place.status: PlaceStatusEnum.Selected, Place.deep_scan_status: GcpApiDeepScanStatusEnum.Queued})
            )
        else:
            stmt = update(Place).where(Place.place_id.in_(request.place_ids)).values({Place.status: request.status})
        result = await session.execute(stmt)

    updated = result.rowcount or 0
    queued = updated if request.status == PlaceStatusEnum.Selected else 0
    logger.info("Places status -> %s for %d row(s)", request.status.value, updated)
    return BatchUpdateResponse(updated_count=updated, queued_count=queued)
