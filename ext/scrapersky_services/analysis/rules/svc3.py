"""SVC3: a task or thread started from code that nothing calls."""

from __future__ import annotations

from collections.abc import Iterator

from ._sites import code_of
from .base import RawFinding, Rule, RuleContext

RULE = Rule(
    "SVC3",
    "Task started from code nothing calls",
    "low",
    "A spawn site in a function that no endpoint, job or other code reaches never starts its "
    "task: dead code that looks like a live feature.",
    "MAN-SERVICES",
)


def check(context: RuleContext) -> Iterator[RawFinding]:
    for site, kind, spawner in context.finder.spawns_in_dead_code:
        services = tuple(
            context.extra.get("spawned", {}).get((site.module, site.scope, site.line), ())
        )
        what = spawner.rpartition(".")[2]
        yield RawFinding(
            site.module,
            site.scope,
            site.line,
            f"{site.scope}() starts a {kind.replace('-', ' ')} with {what}(), but nothing calls "
            f"{site.scope}()",
            what,
            code_of(site.call),
            services,
        )
