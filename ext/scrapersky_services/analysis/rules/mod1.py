"""MOD1: a module unreachable from the entry points (archived-code candidate)."""

from __future__ import annotations

from collections.abc import Iterator

from ..parse.facts import MODULE_SCOPE
from .base import RawFinding, Rule, RuleContext

RULE = Rule(
    "MOD1",
    "Module unreachable from the entry points",
    "low",
    "Nothing the application imports leads to this module: a candidate for the archive, "
    "after a person has checked scripts, dynamic imports and other entry points.",
    "MAN-REVIEW",
)


def check(context: RuleContext) -> Iterator[RawFinding]:
    entries = ", ".join(context.entries) or "the entry points"
    for module in sorted(context.project.modules):
        if module in context.reachable:
            continue
        facts = context.project.modules[module]
        if facts.is_package and not facts.class_bases:
            # no statement at all, definitions included (the bound names hold those)
            body = facts.function(MODULE_SCOPE)
            if not facts.bound_names and (body is None or not body.stmts):
                continue  # an empty package marker
        yield RawFinding(
            module,
            MODULE_SCOPE,
            1,
            f"{module} is not imported by anything reachable from {entries}: archived-code "
            "candidate, pending manual review",
            module,
            module,
        )
