"""
Adapter between domain curation and the sitemap analysis pipeline.

Turns one queued domain into a pending ``sitemap`` job that the sitemap
scheduler will pick up. The caller owns the transaction.
"""

import logging
import uuid
from typing import Optional

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models.domain import Domain
from ..models.enums import JobStatusEnum, SitemapAnalysisStatusEnum
from ..models.job import Job

logger = logging.getLogger(__name__)

SITEMAP_JOB_TYPE = "sitemap"


class DomainToSitemapAdapterService:
    """Creates sitemap jobs for curated domains."""

    async def _existing_open_job(self, session: AsyncSession, domain_id: uuid.UUID) -> Optional[Job]:
        stmt = select(Job).where(
            Job.domain_id == domain_id,
            Job.job_type == SITEMAP_JOB_TYPE,
            Job.status.in_([JobStatusEnum.pending, JobStatusEnum.running]),
        )
        return (await session.execute(stmt)).scalars().first()

    async def submit_domain(self, domain_id: uuid.UUID, session: AsyncSession) -> Job:
        """Create (or reuse) a pending sitemap job and mark the domain Submitted."""
        domain = await session.get(Domain, domain_id)
        if domain is None:
            raise ValueError(f"Domain {domain_id} not found")

        job = await self._existing_open_job(session, domain_id)
        if job is None:
            job = Job(
                job_id=uuid.uuid4(),
                job_type=SITEMAP_JOB_TYPE,
                status=JobStatusEnum.pending,
                domain_id=domain.id,
                progress=0.0,
                result_data={"base_url": f"https://{domain.domain}", "source": "domain_curation"},
            )
            session.add(job)
            await session.flush()
            logger.info("Created sitemap job %s for %s", job.job_id, domain.domain)
        else:
            logger.info("Reusing open sitemap job %s for %s", job.job_id, domain.domain)

        domain.sitemap_analysis_status = SitemapAnalysisStatusEnum.Submitted
        domain.sitemap_analysis_error = None
        return job
