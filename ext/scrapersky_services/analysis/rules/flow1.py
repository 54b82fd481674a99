"""FLOW1: a queue written, but never polled by a registered service."""

from __future__ import annotations

from collections.abc import Iterator

from ..statusflow import is_queue_value
from ._status import key, label, same
from .base import RawFinding, Rule, RuleContext

RULE = Rule(
    "FLOW1",
    "Queue written, never polled",
    "medium",
    "Rows put in a queued status that no registered job polls wait forever: the user's "
    "request silently does nothing.",
    "MAN-SERVICES",
)


def check(context: RuleContext) -> Iterator[RawFinding]:
    seen = set()
    for write in context.writes:
        if not write.model or write.value[0] not in ("enum", "const") or not is_queue_value(write):
            continue
        if any(same(context, write, poll) for _, poll in context.polls):
            continue
        ident = (write.module, write.scope, key(write))
        if ident in seen:
            continue
        seen.add(ident)
        pollers = sorted({service for service, poll in context.unregistered_polls if same(context, write, poll)})
        note = f" (only {', '.join(pollers)}, which is never registered, polls it)" if pollers else ""
        yield RawFinding(
            write.module,
            write.scope,
            write.line,
            f"{label(context, write)} is written here but no registered service polls it{note}",
            key(write),
            label(context, write),
            tuple(pollers),
        )
