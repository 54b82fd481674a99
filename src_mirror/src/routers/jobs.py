"""Background job status endpoints."""

from typing import Any, Dict, List, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, status
from sqlalchemy.ext.asyncio import AsyncSession

from ..api_models.jobs import JobStatsResponse, JobStatusResponse
from ..auth.jwt_auth import get_current_user
from ..services.core.validation_service import validation_service
from ..services.job_service import job_service
from ..session.async_session import get_session

router = APIRouter(prefix="/jobs", tags=["Jobs"])


@router.get("", response_model=List[JobStatusResponse])
async def list_jobs(
    job_type: Optional[str] = None,
    limit: int = Query(50, ge=1, le=500),
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    async with session.begin():
        jobs = await job_service.list_recent(session, job_type=job_type, limit=limit)
        return [JobStatusResponse(**job.to_dict()) for job in jobs]


@router.get("/{job_id}", response_model=JobStatusResponse)
async def get_job_status(
    job_id: str,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    job_uuid = validation_service.parse_uuid(job_id, "job_id")
    async with session.begin():
        job = await job_service.get_by_job_id(session, job_uuid)
        if job is None:
            raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Job not found")
        return JobStatusResponse(**job.to_dict())


@router.get("/stats", response_model=JobStatsResponse)
async def get_job_stats(
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    async with session.begin():
        stats = await job_service.stats(session)
    return JobStatsResponse(total=sum(stats["by_status"].values()), **stats)
