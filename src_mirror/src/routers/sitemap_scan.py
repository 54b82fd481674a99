"""Ad-hoc sitemap scan endpoints (runs immediately as a background task)."""

import logging
import uuid
from typing import Any, Dict

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, status
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..api_models.scans import ScanStartedResponse, ScanStatusResponse, SitemapScanRequest
from ..auth.jwt_auth import get_current_user
from ..enums.status import TaskStatus
from ..models.domain import Domain
from ..models.enums import JobStatusEnum
from ..models.job import Job
from ..scraper.domain_utils import is_valid_domain, normalize_domain
from ..services.sitemap_discovery_service import discover_and_store_sitemaps
from ..session.async_session import get_background_session, get_session

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/sitemap", tags=["Sitemap Scan"])


async def _run_sitemap_scan(job_id: uuid.UUID, domain_id: uuid.UUID) -> None:
    """Background task: discover sitemaps for one domain and record the result on the job."""
    try:
        async with get_background_session() as session:
            async with session.begin():
                domain = await session.get(Domain, domain_id)
                summary = await discover_and_store_sitemaps(session, domain)
                job = (await session.execute(select(Job).where(Job.job_id == job_id))).scalars().one()
                job.status = JobStatusEnum.complete
                job.progress = 1.0
                job.result_data = summary
    except Exception as exc:
        logger.exception("Sitemap scan %s failed", job_id)
        async with get_background_session() as session:
            async with session.begin():
                job = (await session.execute(select(Job).where(Job.job_id == job_id))).scalars().first()
                if job is not None:
                    job.status = JobStatusEnum.failed
                    job.error = str(exc)[:1000]


@router.post("/scan", response_model=ScanStartedResponse, status_code=202)
async def scan_domain_sitemaps(
    request: SitemapScanRequest,
    background_tasks: BackgroundTasks,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    """Start an immediate sitemap scan for a domain (creating the domain if needed)."""
    name = normalize_domain(request.base_url)
    if not is_valid_domain(name):
        raise HTTPException(status_code=status.HTTP_400_BAD_REQUEST, detail="Invalid domain")

    job_id = uuid.uuid4()
    async with session.begin():
        domain = (await session.execute(select(Domain).where(Domain.domain == name))).scalars().first()
        if domain is None:
            domain = Domain(domain=name)
            session.add(domain)
            await session.flush()
        session.add(
            Job(
                job_id=job_id,
                job_type="sitemap_scan",
                status=JobStatusEnum.running,
                domain_id=domain.id,
                created_by=current_user.get("id"),
                result_data={"max_pages": request.max_pages},
            )
        )
        domain_id = domain.id

    background_tasks.add_task(_run_sitemap_scan, job_id, domain_id)
    return ScanStartedResponse(
        job_id=str(job_id), status=TaskStatus.RUNNING, status_url=f"/api/v3/sitemap/status/{job_id}"
    )


@router.get("/status/{job_id}", response_model=ScanStatusResponse)
async def get_sitemap_scan_status(
    job_id: uuid.UUID,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    async with session.begin():
        job = (await session.execute(select(Job).where(Job.job_id == job_id))).scalars().first()
        if job is None:
            raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Scan job not found")
        return ScanStatusResponse(
            job_id=str(job.job_id), status=job.status.value, progress=job.progress, error=job.error, result=job.result_data
        )
