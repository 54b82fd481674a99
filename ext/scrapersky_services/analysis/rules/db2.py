"""DB2: raw SQL (``text()``, SQL strings passed to ``execute``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..resolve.project import Env
from ..resolve.values import External, string_of
from ._sites import calls_named, code_of
from .base import RawFinding, Rule, RuleContext

RULE = Rule(
    "DB2",
    "Raw SQL",
    "medium",
    "Raw SQL bypasses the models, their enums and types; it is technical debt to move to the ORM.",
    "MAN-ORM",
)

TEXT_FUNCTIONS = {"sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text"}
SQL = re.compile(
    r"^\s*(select|insert|update|delete|with|create|alter|drop|truncate|show|set|begin|"
    r"commit|vacuum|analyze|explain|grant|copy)\b",
    re.IGNORECASE,
)


def _sql_keyword(text: str) -> str:
    match = SQL.match(text)
    return match.group(1).upper() if match else ""


def check(context: RuleContext) -> Iterator[RawFinding]:
    for site, callee in calls_named(
        context, "text", "execute", "exec_driver_sql", "fetch", "fetchrow", "fetchval"
    ):
        call = site.call
        name = call[1][2] if call[1][0] == "a" else call[1][1] if call[1][0] == "n" else ""
        if isinstance(callee, External) and callee.dotted in TEXT_FUNCTIONS:
            what = "text()"
        elif name == "exec_driver_sql":
            what = "exec_driver_sql()"
        elif name in ("execute", "fetch", "fetchrow", "fetchval") and call[2]:
            argument = context.project.evaluate(call[2][0], Env(site.module, site.scope, site.line))
            if not _sql_keyword(string_of(argument) or ""):
                continue
            what = f"{name}() with an SQL string"
        else:
            continue
        keyword = ""
        if call[2]:
            value = context.project.evaluate(call[2][0], Env(site.module, site.scope, site.line))
            keyword = _sql_keyword(string_of(value) or "")
        yield RawFinding(
            site.module,
            site.scope,
            site.line,
            f"raw SQL through {what}" + (f" ({keyword} statement)" if keyword else ""),
            what,
            code_of(call),
        )
