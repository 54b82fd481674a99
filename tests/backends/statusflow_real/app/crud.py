from sqlalchemy import select

from .models import Domain


async def load_domain(session, domain_id: int):
    return (await session.execute(select(Domain).where(Domain.id == domain_id))).scalar_one()
