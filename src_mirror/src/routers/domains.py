"""Domain curation endpoints."""

import logging
from typing import Any, Dict, Optional

from fastapi import APIRouter, Depends, Query
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from ..api_models.common import BatchUpdateResponse, PaginatedResponse
from ..api_models.domains import (
    DomainContentCurationUpdateRequest,
    DomainCreateRequest,
    DomainCreateResponse,
    DomainRecord,
    DomainSitemapCurationUpdateRequest,
)
from ..auth.jwt_auth import get_current_user
from ..models.domain import Domain
from ..models.enums import (
    ContentScrapeStatusEnum,
    DomainCurationStatusEnum,
    DomainStatusEnum,
    SitemapAnalysisStatusEnum,
    SitemapCurationStatusEnum,
)
from ..scraper.domain_utils import is_valid_domain, normalize_domain
from ..services.domain_service import domain_service
from ..session.async_session import get_session

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/domains", tags=["Domains"])


@router.get("", response_model=PaginatedResponse[DomainRecord])
async def list_domains(
    page: int = Query(1, ge=1),
    size: int = Query(50, ge=1, le=200),
    search: Optional[str] = None,
    sitemap_curation_status: Optional[SitemapCurationStatusEnum] = None,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    async with session.begin():
        rows, total = await domain_service.list_domains(
            session,
            search=search,
            sitemap_curation_status=sitemap_curation_status,
            offset=(page - 1) * size,
            limit=size,
        )
        items = [DomainRecord.model_validate(row) for row in rows]
    return PaginatedResponse(items=items, total=total, page=page, size=size, pages=(total + size - 1) // size)


@router.post("", response_model=DomainCreateResponse, status_code=201)
async def create_domains(
    request: DomainCreateRequest,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    """Create domains submitted by hand; they start ``pending`` for the domain scheduler."""
    names = {normalize_domain(d) for d in request.domains}
    names = {n for n in names if is_valid_domain(n)}

    created_ids = []
    async with session.begin():
        existing = await domain_service.existing_names(session, list(names))
        for name in sorted(names - existing):
            data = {
                "domain": name,
                "status": DomainStatusEnum.pending,
                "sitemap_curation_status": SitemapCurationStatusEnum.New,
                "created_by": current_user.get("id"),
            }
            domain = Domain(**data)
            session.add(domain)
            await session.flush()
            created_ids.append(domain.id)

    logger.info("Created %d domain(s), skipped %d", len(created_ids), len(request.domains) - len(created_ids))
    return DomainCreateResponse(
        created=len(created_ids), skipped=len(request.domains) - len(created_ids), domain_ids=created_ids
    )


@router.put("/sitemap-curation/status", response_model=BatchUpdateResponse)
async def update_domain_sitemap_curation_status_batch(
    request: DomainSitemapCurationUpdateRequest,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    """Set sitemap curation status; Selected also queues sitemap analysis."""
    queued = 0
    async with session.begin():
        domains = await domain_service.get_by_ids(session, request.domain_ids)
        for domain in domains:
            domain.sitemap_curation_status = request.sitemap_curation_status
            if request.sitemap_curation_status == SitemapCurationStatusEnum.Selected:
                domain.sitemap_analysis_status = SitemapAnalysisStatusEnum.Queued
                domain.sitemap_analysis_error = None
                queued += 1
    return BatchUpdateResponse(updated_count=len(domains), queued_count=queued)


@router.put("/content-curation/status", response_model=BatchUpdateResponse)
async def update_domain_content_curation_status_batch(
    request: DomainContentCurationUpdateRequest,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    """Set content curation status; Selected also queues a deep content scrape."""
    values: Dict[Any, Any] = {Domain.content_curation_status: request.content_curation_status}
    selected = request.content_curation_status == DomainCurationStatusEnum.Selected
    if selected:
        values = {
            Domain.content_curation_status: DomainCurationStatusEnum.Selected,
            Domain.content_scrape_status: ContentScrapeStatusEnum.Queued,
            Domain.content_scrape_error: None,
        }

    async with session.begin():
        result = await session.execute(
            update(Domain).where(Domain.id.in_(request.domain_ids)).values(values)
        )
    updated = result.rowcount or 0
    return BatchUpdateResponse(updated_count=updated, queued_count=updated if selected else 0)
