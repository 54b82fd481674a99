"""
Async session factory: the single entry point for database access.

Supabase is reached through the Supavisor transaction pooler. Supavisor needs:

* a login role of the form ``postgres.<project-ref>``;
* TLS, provided here as an ``ssl.SSLContext`` handed to asyncpg;
* prepared statements disabled (``statement_cache_size=0``), because a pooled
  backend connection may change between statements.

Routers get a session from ``get_session`` (a FastAPI dependency) and own the
transaction. Background jobs open their own session with
``get_background_session``.
"""

import logging
import ssl
from contextlib import asynccontextmanager
from typing import AsyncGenerator
from urllib.parse import quote_plus

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from ..config.settings import settings

logger = logging.getLogger(__name__)


def build_database_url() -> str:
    """Build the asyncpg URL for the Supavisor pooler."""
    if settings.DATABASE_URL:
        return settings.DATABASE_URL.replace("postgresql://", "postgresql+asyncpg://", 1)

    if not settings.SUPABASE_DB_PASSWORD or not settings.SUPABASE_PROJECT_REF:
        raise RuntimeError("SUPABASE_DB_PASSWORD and SUPABASE_PROJECT_REF must be set")

    user = settings.pooler_username()
    password = quote_plus(settings.SUPABASE_DB_PASSWORD)
    return (
        f"postgresql+asyncpg://{user}:{password}"
        f"@{settings.SUPABASE_POOLER_HOST}:{settings.SUPABASE_POOLER_PORT}/{settings.SUPABASE_DB_NAME}"
    )


def _ssl_context() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    # The pooler certificate is not issued for the pooler hostname.
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


engine = create_async_engine(
    build_database_url(),
    pool_size=settings.DB_POOL_SIZE,
    max_overflow=settings.DB_MAX_OVERFLOW,
    pool_timeout=settings.DB_POOL_TIMEOUT,
    pool_pre_ping=True,
    echo=False,
    connect_args={
        "ssl": _ssl_context(),
        "statement_cache_size": 0,
        "command_timeout": settings.DB_COMMAND_TIMEOUT,
        "server_settings": {"application_name": "scrapersky-backend"},
    },
)

async_session_factory = async_sessionmaker(
    bind=engine,
    class_=AsyncSession,
    expire_on_commit=False,
    autoflush=False,
)


async def get_session() -> AsyncGenerator[AsyncSession, None]:
    """FastAPI dependency. The router decides when to begin/commit."""
    session = async_session_factory()
    try:
        yield session
    except Exception:
        await session.rollback()
        raise
    finally:
        await session.close()


@asynccontextmanager
async def get_background_session() -> AsyncGenerator[AsyncSession, None]:
    """Session for background jobs and tasks, which manage their own transactions."""
    session = async_session_factory()
    try:
        yield session
    except Exception as exc:
        logger.error("Background session error, rolling back: %s", exc)
        await session.rollback()
        raise
    finally:
        await session.close()


async def dispose_engine() -> None:
    await engine.dispose()
