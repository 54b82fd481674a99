"""
Places staging service.

Query helpers for the places staging grid. Takes a session, never commits.
"""

import logging
from typing import List, Optional, Tuple
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models.place import Place, PlaceStatusEnum

logger = logging.getLogger(__name__)


class PlacesService:
    """Read access to staged Google Maps places."""

    @staticmethod
    async def list_places(
        session: AsyncSession,
        status: Optional[PlaceStatusEnum] = None,
        search_job_id: Optional[UUID] = None,
        tenant_id: Optional[UUID] = None,
        offset: int = 0,
        limit: int = 50,
    ) -> Tuple[List[Place], int]:
        stmt = select(Place)
        if status is not None:
            stmt = stmt.where(Place.status == status)
        if search_job_id is not None:
            stmt = stmt.where(Place.search_job_id == search_job_id)
        if tenant_id is not None:
            stmt = stmt.where(Place.tenant_id == tenant_id)

        total = (await session.execute(select(func.count()).select_from(stmt.subquery()))).scalar_one()
        rows = (
            await session.execute(stmt.order_by(Place.created_at.desc()).offset(offset).limit(limit))
        ).scalars().all()
        return list(rows), int(total)

    @staticmethod
    async def get_by_place_id(session: AsyncSession, place_id: str) -> Optional[Place]:
        stmt = select(Place).where(Place.place_id == place_id)
        return (await session.execute(stmt)).scalars().first()

    @staticmethod
    async def count_by_status(session: AsyncSession) -> dict:
        stmt = select(Place.status, func.count()).group_by(Place.status)
        return {status.value: count for status, count in (await session.execute(stmt)).all()}
