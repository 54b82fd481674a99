"""Developer/operator tools: scheduler inspection, DB checks, manual requeue."""

import logging
from typing import Any, Dict, List
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, status
from sqlalchemy.ext.asyncio import AsyncSession

from ..auth.jwt_auth import get_current_user
from ..core import db_service
from ..enums.status import SitemapImportProcessStatusEnum
from ..models.sitemap import SitemapFile
from ..session.async_session import get_session

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api/v3/dev-tools", tags=["Dev Tools"])


def _require_admin(user: Dict[str, Any]) -> None:
    if user.get("role") != "admin":
        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail="Admin only")


@router.get("/scheduler/jobs")
async def list_scheduler_jobs(current_user: Dict[str, Any] = Depends(get_current_user)) -> List[Dict[str, Any]]:
    """List jobs registered on the shared scheduler."""
    from ..scheduler_instance import scheduler

    _require_admin(current_user)
    return [
        {
            "id": job.id,
            "name": job.name,
            "trigger": str(job.trigger),
            "next_run_time": job.next_run_time.isoformat() if job.next_run_time else None,
            "max_instances": job.max_instances,
        }
        for job in scheduler.get_jobs()
    ]


@router.get("/db/tables")
async def list_db_tables(
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
) -> Dict[str, Any]:
    _require_admin(current_user)
    async with session.begin():
        tables = await db_service.list_tables(session)
        version = await db_service.server_version(session)
        domain_counts = await db_service.domain_status_counts(session)
    return {"server_version": version, "tables": tables, "domain_status_counts": domain_counts}


@router.post("/sitemap-files/{sitemap_file_id}/requeue")
async def requeue_sitemap_file(
    sitemap_file_id: UUID,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
) -> Dict[str, str]:
    """Force a sitemap file back into the import queue."""
    _require_admin(current_user)
    async with session.begin():
        sitemap_file = await session.get(SitemapFile, sitemap_file_id)
        if sitemap_file is None:
            raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Sitemap file not found")
        sitemap_file.sitemap_import_status = SitemapImportProcessStatusEnum.Queued
        sitemap_file.sitemap_import_error = None
    logger.info("Requeued sitemap file %s for import", sitemap_file_id)
    return {"sitemap_file_id": str(sitemap_file_id), "sitemap_import_status": "Queued"}
