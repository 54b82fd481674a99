"""Database sessions: one per request, and one per background job run."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from ..config.settings import settings

engine = create_async_engine(settings.database_url)
async_session_factory = async_sessionmaker(engine, expire_on_commit=False)


async def get_session() -> AsyncIterator[AsyncSession]:
    """A request's session (a FastAPI dependency)."""
    async with async_session_factory() as session:
        yield session


@asynccontextmanager
async def get_background_session() -> AsyncIterator[AsyncSession]:
    """A background job's session."""
    async with async_session_factory() as session:
        yield session
