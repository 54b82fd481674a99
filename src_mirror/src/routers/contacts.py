"""Contact curation endpoints."""

import logging
from typing import Any, Dict, Optional
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..api_models.common import BatchUpdateResponse, PaginatedResponse
from ..api_models.contacts import ContactCurationUpdateRequest, ContactRecord
from ..auth.jwt_auth import get_current_user
from ..enums.contact import ContactCurationStatus, HubSpotSyncStatus
from ..models.contact import Contact
from ..session.async_session import get_session

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/contacts", tags=["Contacts"])


@router.get("", response_model=PaginatedResponse[ContactRecord])
async def list_contacts(
    domain_id: Optional[UUID] = None,
    curation_status: Optional[ContactCurationStatus] = None,
    page: int = Query(1, ge=1),
    size: int = Query(50, ge=1, le=200),
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    stmt = select(Contact)
    if domain_id:
        stmt = stmt.where(Contact.domain_id == domain_id)
    if curation_status:
        stmt = stmt.where(Contact.contact_curation_status == curation_status)
    async with session.begin():
        total = (await session.execute(select(func.count()).select_from(stmt.subquery()))).scalar_one()
        rows = (
            await session.execute(stmt.order_by(Contact.created_at.desc()).offset((page - 1) * size).limit(size))
        ).scalars().all()
        items = [ContactRecord.model_validate(r) for r in rows]
    return PaginatedResponse(items=items, total=total, page=page, size=size, pages=(total + size - 1) // size)


@router.put("/status", response_model=BatchUpdateResponse)
async def update_contact_curation_status_batch(
    request: ContactCurationUpdateRequest,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    """Set contact curation status; Selected also queues a HubSpot sync."""
    queued = 0
    async with session.begin():
        contacts = (await session.execute(select(Contact).where(Contact.id.in_(request.contact_ids)))).scalars().all()
        for contact in contacts:
            contact.contact_curation_status = request.curation_status
            if request.curation_status == ContactCurationStatus.Selected:
                contact.hubspot_sync_status = HubSpotSyncStatus.Queued
                contact.hubspot_processing_error = None
                queued += 1
    logger.info("Contacts curated: %d, queued for HubSpot: %d", len(contacts), queued)
    return BatchUpdateResponse(updated_count=len(contacts), queued_count=queued)
