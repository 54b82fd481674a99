from sqlalchemy import select

from ..models import Domain, Job, JobStatus, TaskStatus


class JobRepository:
    def __init__(self, session):
        self.session = session

    async def next_batch(self, limit: int = 10):
        stmt = select(Job).where(Job.status == JobStatus.QUEUED).limit(limit)
        return (await self.session.execute(stmt)).scalars().all()


class JobService:
    def __init__(self, session):
        self.session = session
        self.repo = JobRepository(session)

    async def claim(self):
        jobs = await self.repo.next_batch(5)
        for job in jobs:
            job.status = JobStatus.RUNNING
        await self.session.commit()
        return jobs

    async def finish(self, job: Job, ok: bool):
        job.status = JobStatus.DONE if ok else JobStatus.FAILED
        await self.session.commit()


class DomainService:
    def __init__(self, session):
        self.session = session

    async def claim(self):
        stmt = select(Domain).where(Domain.status == TaskStatus.QUEUED).limit(20)
        domains = (await self.session.execute(stmt)).scalars().all()
        for domain in domains:
            domain.status = TaskStatus.PROCESSING
        return domains
