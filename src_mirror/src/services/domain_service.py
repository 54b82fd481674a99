"""
Domain query service.

Listing and lookup helpers for the domain curation UI. Takes a session and
never commits; the router owns the transaction.
"""

from typing import List, Optional, Sequence, Tuple
from uuid import UUID

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models.domain import Domain
from ..models.enums import SitemapCurationStatusEnum


class DomainService:
    """Read helpers for domains."""

    async def list_domains(
        self,
        session: AsyncSession,
        search: Optional[str] = None,
        sitemap_curation_status: Optional[SitemapCurationStatusEnum] = None,
        offset: int = 0,
        limit: int = 50,
    ) -> Tuple[List[Domain], int]:
        stmt = select(Domain)
        if search:
            pattern = f"%{search.lower()}%"
            stmt = stmt.where(or_(Domain.domain.ilike(pattern), Domain.title.ilike(pattern)))
        if sitemap_curation_status is not None:
            stmt = stmt.where(Domain.sitemap_curation_status == sitemap_curation_status)

        total = (await session.execute(select(func.count()).select_from(stmt.subquery()))).scalar_one()
        rows = (await session.execute(stmt.order_by(Domain.updated_at.desc()).offset(offset).limit(limit))).scalars()
        return list(rows), int(total)

    async def get_by_ids(self, session: AsyncSession, domain_ids: Sequence[UUID]) -> List[Domain]:
        stmt = select(Domain).where(Domain.id.in_(list(domain_ids)))
        return list((await session.execute(stmt)).scalars())

    async def existing_names(self, session: AsyncSession, names: Sequence[str]) -> set:
        stmt = select(Domain.domain).where(Domain.domain.in_(list(names)))
        return set((await session.execute(stmt)).scalars())


domain_service = DomainService()
