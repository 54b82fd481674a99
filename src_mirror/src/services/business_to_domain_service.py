"""
Local business to domain conversion.

Reads a local business's website URL, normalises it and creates (or links) a
``Domain`` row in ``pending`` status so the domain scheduler will scan its
homepage. Takes a session; never commits.
"""

import logging
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models.domain import Domain
from ..models.enums import DomainStatusEnum
from ..models.local_business import LocalBusiness
from ..scraper.domain_utils import is_valid_domain, normalize_domain

logger = logging.getLogger(__name__)


class LocalBusinessToDomainService:
    """Creates domains from local business websites."""

    async def create_pending_domain_from_local_business(self, local_business_id: UUID, session: AsyncSession) -> Domain:
        """Return the business's domain, creating it as ``pending`` if it is new."""
        business = await session.get(LocalBusiness, local_business_id)
        if business is None:
            raise ValueError(f"Local business {local_business_id} not found")
        if not business.website_url:
            raise ValueError(f"Local business {business.business_name!r} has no website")

        domain_name = normalize_domain(business.website_url)
        if not is_valid_domain(domain_name):
            raise ValueError(f"Invalid website URL: {business.website_url}")

        existing = (await session.execute(select(Domain).where(Domain.domain == domain_name))).scalars().first()
        if existing is not None:
            if existing.local_business_id is None:
                existing.local_business_id = business.id
            logger.info("Domain %s already exists; linked to business %s", domain_name, business.id)
            return existing

        domain = Domain(
            domain=domain_name,
            local_business_id=business.id,
            status=DomainStatusEnum.pending,
            created_by=business.created_by,
        )
        session.add(domain)
        await session.flush()
        logger.info("Created pending domain %s from business %s", domain_name, business.id)
        return domain


async def process_single_local_business(local_business_id: UUID, session: AsyncSession) -> None:
    """Processing function for the domain extraction loop."""
    await LocalBusinessToDomainService().create_pending_domain_from_local_business(local_business_id, session)
