"""FLOW1: a queue written, but never polled by a registered service.

A status write is reported when all of these hold:

- it is written by code (an assignment, ``setattr``, ``values()``, a constructor), not a
  column's ``default=``: a default is where every row starts, not a request for work;
- its model is known and its value is an enum member or a literal;
- the value looks like a processing queue: its member name or stored value has a queue
  word (:data:`..model.statusflow.QUEUE_WORDS`: queued, pending, retry, requested, ...).
  Other values (``New``, ``Complete``, ``visible``) are resting or final states; a column
  no service polls and whose values are all of that kind is a display-only status and
  never reported, and on a column a job polls they are the states the job moves rows to;
- no registered service polls that same status (same model, column and enum member or
  stored literal), and none polls the same member name of another enum (FLOW4 reports
  that write).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model.statusflow import QUEUE_WORDS, Hit, is_queue_value
from ..resolve.values import Const, EnumMember
from ._status import key, label, literal, same
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
            or write.how == "default"
            or not (is_queue_value(write) or QUEUE_WORDS.search(str(literal(context, write))))
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
