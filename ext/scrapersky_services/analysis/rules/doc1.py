"""DOC1: a service without a documented business outcome."""

from __future__ import annotations

from collections.abc import Iterator

from .base import RawFinding, Rule, RuleContext

RULE = Rule(
    "DOC1",
    "Service without a documented business outcome",
    "medium",
    "Every background process must say why it exists: an outcome in the services metadata "
    "file, or an 'Outcome:' section in its module docstring.",
    "MAN-SERVICES",
)


def check(context: RuleContext) -> Iterator[RawFinding]:
    for service in context.services:
        if service.outcome:
            continue
        yield RawFinding(
            service.module,
            service.function,
            service.line,
            f"service {service.id} has no business outcome (add it to the services metadata "
            "file, or an 'Outcome:' section to its module docstring)",
            service.id,
            service.id,
            (service.id,),
        )
