"""Domain lookups shared by the routers and the scheduler."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Domain, DomainStatusEnum


async def pending_domains(session: AsyncSession, limit: int) -> list[Domain]:
    """The oldest domains waiting to be profiled."""
    stmt = select(Domain).where(Domain.status == DomainStatusEnum.pending).limit(limit)
    return list((await session.execute(stmt)).scalars())
