"""FLOW4: a producer writes a member of another enum than the one its consumer polls."""

from __future__ import annotations

from collections.abc import Iterator

from ._status import label, literal
from .base import RawFinding, Rule, RuleContext

RULE = Rule(
    "FLOW4",
    "Producer and consumer disagree on the enum",
    "high",
    "Two enums with similar members are not the same enum: the producer stores a value the "
    "consumer's query never matches, so the work is never picked up.",
    "MAN-SERVICES",
)


def check(context: RuleContext) -> Iterator[RawFinding]:
    seen = set()
    for service, poll in context.polls:
        if poll.value[0] != "enum":
            continue
        for write in context.writes:
            if write.value[0] != "enum" or write.field != poll.field:
                continue
            if write.model and poll.model and write.model != poll.model:
                continue
            if write.value[1] == poll.value[1]:
                continue
            same_member = write.value[2].lower() == poll.value[2].lower()
            written, polled = literal(context, write), literal(context, poll)
            if not same_member and str(written).lower() != str(polled).lower():
                continue
            ident = (write.module, write.scope, write.value[1], poll.value[1])
            if ident in seen:
                continue
            seen.add(ident)
            write_enum = write.value[1].replace(":", ".")
            poll_enum = poll.value[1].replace(":", ".")
            yield RawFinding(
                write.module,
                write.scope,
                write.line,
                f"writes {write_enum}.{write.value[2]} ({written!r}) to {poll.model.rpartition(':')[2]}."
                f"{poll.field}, but {service} polls {poll_enum}.{poll.value[2]} ({polled!r})",
                f"{poll.field}:{write_enum}",
                label(context, write),
                (service,),
            )
