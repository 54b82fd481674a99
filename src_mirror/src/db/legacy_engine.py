"""
Legacy database helper from the v2 API era.

Predates the shared session factory; kept only because the v2 place search
still uses it.
"""

import os

from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker

LEGACY_DATABASE_URL = os.getenv(
    "LEGACY_DATABASE_URL",
    "postgresql+asyncpg://postgres:postgres@localhost:5432/postgres",
)

legacy_engine = create_async_engine(LEGACY_DATABASE_URL, pool_size=2, max_overflow=0)

LegacySession = sessionmaker(legacy_engine, class_=AsyncSession, expire_on_commit=False)


async def get_legacy_session():
    async with LegacySession() as session:
        yield session
