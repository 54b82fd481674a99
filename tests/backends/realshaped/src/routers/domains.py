"""Domain endpoints."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Domain, DomainStatusEnum
from ..schemas.domain import DomainId, DomainRead
from ..session.async_session import get_session

router = APIRouter(prefix="/domains", tags=["domains"])

SessionDep = Annotated[AsyncSession, Depends(get_session)]


@router.get("/", response_model=list[DomainRead])
async def list_domains(
    session: Annotated[AsyncSession, Depends(get_session)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[Domain]:
    """Domains, newest first."""
    result = await session.execute(select(Domain).order_by(Domain.id.desc()).limit(limit))
    return list(result.scalars())


@router.post("/{domain_id}/queue")
async def queue_domain(domain_id: DomainId, session: SessionDep) -> Domain:
    """Queue a domain for profiling."""
    domain = await session.get(Domain, domain_id)
    domain.status = DomainStatusEnum.pending
    await session.commit()
    return domain


def label(domain: Domain, prefix: str = f"{__name__}:") -> str:
    """A log label for a domain."""
    return f"{prefix}{domain.domain}"
