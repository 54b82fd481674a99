"""
Job status service.

Lookup and aggregate statistics over the ``jobs`` table. Takes a session and
never commits.
"""

from typing import Dict, List, Optional
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models.job import Job


class JobService:
    """Read access to background job records."""

    async def get_by_job_id(self, session: AsyncSession, job_id: UUID) -> Optional[Job]:
        stmt = select(Job).where(Job.job_id == job_id)
        return (await session.execute(stmt)).scalars().first()

    async def list_recent(self, session: AsyncSession, job_type: Optional[str] = None, limit: int = 50) -> List[Job]:
        stmt = select(Job).order_by(Job.created_at.desc()).limit(limit)
        if job_type:
            stmt = stmt.where(Job.job_type == job_type)
        return list((await session.execute(stmt)).scalars())

    async def stats(self, session: AsyncSession) -> Dict[str, Dict[str, int]]:
        by_status = await session.execute(select(Job.status, func.count()).group_by(Job.status))
        by_type = await session.execute(select(Job.job_type, func.count()).group_by(Job.job_type))
        return {
            "by_status": {status.value: count for status, count in by_status.all()},
            "by_type": {job_type: count for job_type, count in by_type.all()},
        }


job_service = JobService()
