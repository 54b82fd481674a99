"""FLOW1: a queue written, but never polled by a registered service."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.statusflow import Hit, is_queue_value
from ..resolve.values import Const, EnumMember
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
        if (
            not write.model
            or not isinstance(write.value, (EnumMember, Const))
            or not is_queue_value(write)
        ):
            continue
        if any(same(context, write, poll) for _, poll in context.polls):
            continue
        if any(_other_enum(write, poll) for _, poll in context.polls):
            continue  # FLOW4 reports this write more precisely
        ident = (write.module, write.scope, key(write))
        if ident in seen:
            continue
        seen.add(ident)
        pollers = sorted(
            {service for service, poll in context.unregistered_polls if same(context, write, poll)}
        )
        note = (
            f" (only {', '.join(pollers)}, which is never registered, polls it)" if pollers else ""
        )
        yield RawFinding(
            write.module,
            write.scope,
            write.line,
            f"{label(context, write)} is written here but no registered service polls it{note}",
            key(write),
            label(context, write),
            tuple(pollers),
        )


def _other_enum(write: Hit, poll: Hit) -> bool:
    """The same member name of another enum on the same column (a FLOW4 case)."""
    return (
        isinstance(write.value, EnumMember)
        and isinstance(poll.value, EnumMember)
        and write.field == poll.field
        and (not write.model or not poll.model or write.model == poll.model)
        and write.value.key != poll.value.key
        and write.value.member.lower() == poll.value.member.lower()
    )
