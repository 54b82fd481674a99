"""MOD2: an import of a project module (or name) that does not exist."""

from __future__ import annotations

from collections.abc import Iterator

from .base import RawFinding, Rule, RuleContext

RULE = Rule(
    "MOD2",
    "Import of a project module that does not exist",
    "high",
    "The import fails when it runs (for a function-level import: when that function runs), "
    "usually a leftover of code removed without cleaning up its users.",
    "MAN-REVIEW",
)


def check(context: RuleContext) -> Iterator[RawFinding]:
    for missing in context.imports.missing:
        yield RawFinding(
            missing.source,
            missing.symbol,
            missing.line,
            f"import of {missing.target}: {missing.reason}",
            missing.target,
            f"import {missing.target}",
        )
