"""TEN1: tenant filtering left in a query."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..parse.facts import dotted, walk
from ._sites import call_sites, code_of
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
    for node in walk(expr):
        tag = node[0]
        if tag == "a" and node[2] == "tenant_id":
            return True
        if tag == "c" and isinstance(node[1], str) and TENANT.search(node[1]):
            return True
        if tag == "k" and any(keyword == "tenant_id" for keyword, _ in node[3]):
            return True
    return False


def check(context: RuleContext) -> Iterator[RawFinding]:
    for site in call_sites(context, "where", "filter", "filter_by", "text", "having"):
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
