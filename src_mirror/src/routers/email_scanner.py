"""Email scanner endpoints."""

import logging
import uuid
from typing import Any, Dict

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, status
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..api_models.scans import EmailScanRequest, ScanStartedResponse, ScanStatusResponse
from ..auth.jwt_auth import get_current_user
from ..enums.status import TaskStatus
from ..models.domain import Domain
from ..models.enums import JobStatusEnum
from ..models.job import Job
from ..services.email_scan_service import scan_website_for_emails
from ..session.async_session import get_session

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/email-scanner", tags=["Email Scanner"])


@router.post("/scan/website", response_model=ScanStartedResponse, status_code=202)
async def scan_website(
    request: EmailScanRequest,
    tasks: BackgroundTasks,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    """Start an email scan of a domain's website."""
    job_id = uuid.uuid4()
    async with session.begin():
        domain = await session.get(Domain, request.domain_id)
        if domain is None:
            raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Domain not found")
        session.add(
            Job(
                job_id=job_id,
                job_type="email_scan",
                status=JobStatusEnum.running,
                domain_id=domain.id,
                created_by=current_user.get("id"),
            )
        )

    tasks.add_task(scan_website_for_emails, job_id, request.domain_id)
    logger.info("Email scan %s started for domain %s", job_id, request.domain_id)
    return ScanStartedResponse(
        job_id=str(job_id), status=TaskStatus.RUNNING, status_url=f"/api/v3/email-scanner/scan/status/{job_id}"
    )


@router.get("/scan/status/{job_id}", response_model=ScanStatusResponse)
async def get_email_scan_status(
    job_id: uuid.UUID,
    session: AsyncSession = Depends(get_session),
    current_user: Dict[str, Any] = Depends(get_current_user),
):
    async with session.begin():
        job = (
            await session.execute(select(Job).where(Job.job_id == job_id, Job.job_type == "email_scan"))
        ).scalars().first()
        if job is None:
            raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Scan not found")
        return ScanStatusResponse(
            job_id=str(job.job_id), status=job.status.value, progress=job.progress, error=job.error, result=job.result_data
        )
