"""TEN1: tenant filtering left in a query."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..parse.facts import dotted
from ._sites import calls_named, code_of
from .base import RawFinding, Rule, RuleContext

RULE = Rule(
    "TEN1",
    "Tenant filtering left in a query",
    "medium",
    "Tenant isolation was removed; a leftover tenant_id filter silently hides rows.",
    "MAN-NO-TENANT",
    needs="selection",
)

TENANT = re.compile(r"\btenant_id\b")


def _mentions_tenant(expr: object) -> bool:
    stack = [expr]
    while stack:
        item = stack.pop()
        if type(item) is list:
            stack.extend(item)
        elif type(item) is tuple and item:
            if item[0] == "a" and item[2] == "tenant_id":
                return True
            if item[0] == "c":
                if isinstance(item[1], str) and TENANT.search(item[1]):
                    return True
                continue
            if item[0] == "k" and any(keyword == "tenant_id" for keyword, _ in item[3]):
                return True
            stack.extend(item[1:])
    return False


def check(context: RuleContext) -> Iterator[RawFinding]:
    for site, _callee in calls_named(context, "where", "filter", "filter_by", "text", "having"):
        call = site.call
        name = call[1][2] if call[1][0] == "a" else (dotted(call[1]) or "")
        if name == "filter_by":
            hit = any(keyword == "tenant_id" for keyword, _ in call[3])
        else:
            hit = _mentions_tenant([call[2], [value for _, value in call[3]]])
        if hit:
            yield RawFinding(
                site.module,
                site.scope,
                site.line,
                f"query filtered on tenant_id in {name}()",
                name,
                code_of(call),
            )
