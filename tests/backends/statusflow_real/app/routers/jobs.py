from fastapi import APIRouter
from sqlalchemy import insert, update

from ..db import SessionLocal
from ..models import Job, JobStatus

router = APIRouter(prefix="/jobs", tags=["jobs"])


@router.post("")
async def create_job(name: str, urgent: bool = False):
    async with SessionLocal() as session:
        job = Job(name=name, status=JobStatus.QUEUED if urgent else JobStatus.NEW)
        session.add(job)
        await session.commit()
        return {"id": job.id}


@router.put("/{job_id}/queue")
async def queue_job(job_id: int):
    async with SessionLocal() as session:
        await session.execute(
            update(Job).where(Job.id == job_id).values({Job.status: JobStatus.QUEUED})
        )
        await session.commit()


@router.post("/import")
async def import_job(name: str):
    data = {"name": name}
    data["status"] = JobStatus.QUEUED
    async with SessionLocal() as session:
        await session.execute(insert(Job).values(**data))
        await session.commit()


@router.put("/{job_id}/retry")
async def retry_job(job_id: int):
    async with SessionLocal() as session:
        job: Job = await session.get(Job, job_id)
        job.status = JobStatus.QUEUED
        await session.commit()
