"""FLOW2: a status that a service polls for, but that nothing ever writes."""

from __future__ import annotations

from collections.abc import Iterator

from ..resolve.values import MissingMember
from ._status import key, label, same
from .base import RawFinding, Rule, RuleContext

RULE = Rule(
    "FLOW2",
    "Status polled, never written",
    "medium",
    "A job waiting for a status that no code (and no column default) ever sets never has "
    "work: it runs on schedule and does nothing.",
    "MAN-SERVICES",
)


def check(context: RuleContext) -> Iterator[RawFinding]:
    seen = set()
    for service, poll in context.polls:
        if not poll.model or isinstance(poll.value, MissingMember):
            continue
        if any(same(context, poll, write) for write in context.writes):
            continue
        ident = (poll.module, poll.scope, key(poll))
        if ident in seen:
            continue
        seen.add(ident)
        yield RawFinding(
            poll.module,
            poll.scope,
            poll.line,
            f"{service} polls for {label(context, poll)}, but no code writes that status",
            key(poll),
            label(context, poll),
            (service,),
        )
