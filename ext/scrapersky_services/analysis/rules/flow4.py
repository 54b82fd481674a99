"""FLOW4: a producer writes a member of another enum than the one its consumer polls."""

from __future__ import annotations

from collections.abc import Iterator

from ..resolve.values import EnumMember
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
        if not isinstance(poll.value, EnumMember):
            continue
        for write in context.writes:
            if not isinstance(write.value, EnumMember) or write.field != poll.field:
                continue
            if write.model and poll.model and write.model != poll.model:
                continue
            if write.value.key == poll.value.key:
                continue
            if not write.model and _declared_elsewhere(context, write.field, write.value.key):
                continue  # a write of another model's column (its enum says which), not a mix-up
            same_member = write.value.member.lower() == poll.value.member.lower()
            written, polled = literal(context, write), literal(context, poll)
            if not same_member and str(written).lower() != str(polled).lower():
                continue
            ident = (write.module, write.scope, write.value.key, poll.value.key)
            if ident in seen:
                continue
            seen.add(ident)
            write_enum = write.value.key.replace(":", ".")
            poll_enum = poll.value.key.replace(":", ".")
            yield RawFinding(
                write.module,
                write.scope,
                write.line,
                f"writes {write_enum}.{write.value.member} ({written!r}) to {poll.model.rpartition(':')[2]}."
                f"{poll.field}, but {service} polls {poll_enum}.{poll.value.member} ({polled!r})",
                f"{poll.field}:{write_enum}",
                label(context, write),
                (service,),
            )


def _declared_elsewhere(context: RuleContext, field: str, enum: str) -> bool:
    """Whether some model declares the column ``field`` with the enum ``enum``: a write of
    that enum whose model could not be told is presumably to that model's column."""
    return any(column.enum == enum for column in context.data.status_columns.get(field, []))
