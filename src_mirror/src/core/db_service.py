"""
Raw SQL helpers.

Tech debt: these bypass the ORM. New code should use SQLAlchemy ``select`` /
``update`` against the models instead. Kept for the dev-tools and health
endpoints and a few reporting queries.
"""

import logging
from typing import Any, Dict, List, Optional

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

logger = logging.getLogger(__name__)

STATUS_COUNTS_SQL = """
    SELECT status::text AS status, COUNT(*) AS total
    FROM domains
    GROUP BY status
    ORDER BY total DESC
"""

TABLE_LIST_SQL = """
    SELECT table_name
    FROM information_schema.tables
    WHERE table_schema = 'public'
    ORDER BY table_name
"""


class DbService:
    """Thin wrapper for parameterised raw SQL."""

    @staticmethod
    async def fetch_all(session: AsyncSession, query: str, params: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
        result = await session.execute(text(query), params or {})
        return [dict(row._mapping) for row in result.fetchall()]

    @staticmethod
    async def fetch_one(session: AsyncSession, query: str, params: Optional[Dict[str, Any]] = None) -> Optional[Dict[str, Any]]:
        result = await session.execute(text(query), params or {})
        row = result.first()
        return dict(row._mapping) if row else None

    @staticmethod
    async def fetch_value(session: AsyncSession, query: str, params: Optional[Dict[str, Any]] = None) -> Any:
        result = await session.execute(text(query), params or {})
        return result.scalar()


db_service = DbService()


async def ping(session: AsyncSession) -> bool:
    """Cheap connectivity check used by health endpoints and the heartbeat job."""
    try:
        value = await db_service.fetch_value(session, "SELECT 1")
        return value == 1
    except Exception as exc:
        logger.error("Database ping failed: %s", exc)
        return False


async def domain_status_counts(session: AsyncSession) -> List[Dict[str, Any]]:
    return await db_service.fetch_all(session, STATUS_COUNTS_SQL)


async def list_tables(session: AsyncSession) -> List[str]:
    result = await session.execute(text(TABLE_LIST_SQL))
    return [row[0] for row in result.fetchall()]


async def count_places_for_tenant(session: AsyncSession, tenant_id: str) -> int:
    """Legacy report query still scoped by tenant."""
    query = text("SELECT COUNT(*) FROM places_staging WHERE tenant_id = :tenant_id")
    result = await session.execute(query, {"tenant_id": tenant_id})
    return int(result.scalar() or 0)


async def table_row_estimate(session: AsyncSession, table_name: str) -> int:
    sql = "SELECT reltuples::bigint FROM pg_class WHERE relname = :name"
    result = await session.execute(text(sql), {"name": table_name})
    return int(result.scalar() or 0)


async def server_version(session: AsyncSession) -> str:
    conn = await session.connection()
    result = await conn.exec_driver_sql("SHOW server_version")
    return str(result.scalar())
