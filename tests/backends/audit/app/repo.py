from sqlalchemy import select, text

from .models import Item

REPORT_SQL = "SELECT status, count(*) FROM items GROUP BY status"


async def count_for(session, tenant_id):
    return await session.execute(select(Item).where(Item.tenant_id == tenant_id))


async def recent(session):
    return await session.execute(text("SELECT * FROM items ORDER BY id DESC LIMIT 10"))


async def report(session):
    return await session.execute(REPORT_SQL)


async def by_tenant(session, tenant):
    return await session.execute(text("SELECT * FROM items WHERE tenant_id = :t"), {"t": tenant})
