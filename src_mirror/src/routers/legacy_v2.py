"""
Legacy v2 place search endpoint.

Still called by the old Chrome extension. Uses its own engine and tenant
scoping from the multi-tenant era.
"""

from typing import List, Optional

from fastapi import APIRouter, Query
from sqlalchemy import select

from src.api_models.places import LegacyPlaceSearchResult
from src.db.legacy_engine import LegacySession
from src.models.place import Place

DEFAULT_TENANT_ID = "550e8400-e29b-41d4-a716-446655440000"

router = APIRouter(prefix="/api/v2/places", tags=["Legacy"])


@router.get("/search", response_model=List[LegacyPlaceSearchResult])
async def legacy_search_places(
    q: Optional[str] = None,
    tenant_id: str = Query(DEFAULT_TENANT_ID),
    limit: int = Query(25, le=100),
):
    async with LegacySession() as session:
        stmt = select(Place).filter_by(tenant_id=tenant_id)
        if q:
            stmt = stmt.where(Place.name.ilike(f"%{q}%"))
        rows = (await session.execute(stmt.limit(limit))).scalars().all()
    return [LegacyPlaceSearchResult(place_id=p.place_id, name=p.name, address=p.formatted_address) for p in rows]
