"""Sitemap file curation endpoints."""

import logging
from typing import Any, Dict, Optional
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Query, status
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..api_models.common import BatchUpdateResponse, PaginatedResponse
from ..api_models.sitemap_files import SitemapFileBatchUpdate, SitemapFileRead
from ..auth.jwt_auth import get_current_user
from ..models.enums import SitemapImportCurationStatusEnum, SitemapImportProcessStatusEnum
from ..models.sitemap import SitemapFile
from ..session.async_session import get_session

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/sitemap-files", tags=["Sitemap Files"])


@router.get("", response_model=PaginatedResponse[SitemapFileRead])
async def list_sitemap_files(
    domain_id: Optional[UUID] = None,
    deep_scrape_curation_status: Optional[SitemapImportCurationStatusEnum] = None,
    page: int = Query(1, ge=1),
    size: int = Query(50, ge=1, le=200),
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    stmt = select(SitemapFile)
    if domain_id:
        stmt = stmt.where(SitemapFile.domain_id == domain_id)
    if deep_scrape_curation_status:
        stmt = stmt.where(SitemapFile.deep_scrape_curation_status == deep_scrape_curation_status)

    async with session.begin():
        total = (await session.execute(select(func.count()).select_from(stmt.subquery()))).scalar_one()
        rows = (
            await session.execute(stmt.order_by(SitemapFile.created_at.desc()).offset((page - 1) * size).limit(size))
        ).scalars().all()
        items = [SitemapFileRead.model_validate(r) for r in rows]
    return PaginatedResponse(items=items, total=total, page=page, size=size, pages=(total + size - 1) // size)


@router.get("/{sitemap_file_id}", response_model=SitemapFileRead)
async def get_sitemap_file(
    sitemap_file_id: UUID,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    async with session.begin():
        sitemap_file = await session.get(SitemapFile, sitemap_file_id)
        if sitemap_file is None:
            raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Sitemap file not found")
        return SitemapFileRead.model_validate(sitemap_file)


@router.put("/status", response_model=BatchUpdateResponse)
async def update_sitemap_files_status_batch(
    request: SitemapFileBatchUpdate,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    """Set deep-scrape curation status; Selected also queues the file for import."""
    queue_import = request.deep_scrape_curation_status == SitemapImportCurationStatusEnum.Selected
    queued = 0
    async with session.begin():
        files = (
            await session.execute(select(SitemapFile).where(SitemapFile.id.in_(request.sitemap_file_ids)))
        ).scalars().all()
        for sitemap_file in files:
            setattr(sitemap_file, "deep_scrape_curation_status", request.deep_scrape_curation_status)
            if queue_import:
                setattr(sitemap_file, "sitemap_import_status", SitemapImportProcessStatusEnum.Queued)
                setattr(sitemap_file, "sitemap_import_error", None)
                queued += 1
    logger.info("Updated %d sitemap file(s); queued %d for import", len(files), queued)
    return BatchUpdateResponse(updated_count=len(files), queued_count=queued)


@router.delete("/{sitemap_file_id}", status_code=204)
async def delete_sitemap_file(
    sitemap_file_id: UUID,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    async with session.begin():
        sitemap_file = await session.get(SitemapFile, sitemap_file_id)
        if sitemap_file is None:
            raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Sitemap file not found")
        await session.delete(sitemap_file)
