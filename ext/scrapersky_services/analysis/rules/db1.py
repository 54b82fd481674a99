"""DB1: an engine, session factory or driver connection created outside the session factory."""

from __future__ import annotations

from collections.abc import Iterator

from ..resolve.values import External
from ._sites import calls_named, code_of
from .base import RawFinding, Rule, RuleContext

RULE = Rule(
    "DB1",
    "Database connection outside the session factory",
    "high",
    "Engines, session makers and driver connections belong in the session-factory modules, "
    "which carry the settings every connection needs (pool, SSL, driver options).",
    "MAN-SESSION",
    needs="session_factory",
)

FACTORIES = {
    "sqlalchemy.create_engine",
    "sqlalchemy.engine.create_engine",
    "sqlalchemy.ext.asyncio.create_async_engine",
    "sqlalchemy.orm.sessionmaker",
    "sqlalchemy.orm.scoped_session",
    "sqlalchemy.ext.asyncio.async_sessionmaker",
    "sqlalchemy.ext.asyncio.async_scoped_session",
    "sqlmodel.create_engine",
    "asyncpg.connect",
    "asyncpg.create_pool",
    "psycopg2.connect",
    "psycopg.connect",
    "psycopg.AsyncConnection.connect",
    "databases.Database",
}
NAMES = sorted({name.rpartition(".")[2] for name in FACTORIES})


def check(context: RuleContext) -> Iterator[RawFinding]:
    for site, callee in calls_named(context, *NAMES):
        if not isinstance(callee, External) or callee.dotted not in FACTORIES:
            continue
        if context.in_session_factory(site.module):
            continue
        name = callee.dotted.rpartition(".")[2]
        yield RawFinding(
            site.module,
            site.scope,
            site.line,
            f"{name}() creates a database connection outside the session factory "
            f"({', '.join(context.session_factory_modules)})",
            name,
            code_of(site.call),
        )
