"""SVC2: a job registered only under a condition (information)."""

from __future__ import annotations

from collections.abc import Iterator

from .base import RawFinding, Rule, RuleContext

RULE = Rule(
    "SVC2",
    "Job registered only under a condition",
    "info",
    "A conditional registration is legitimate (a feature flag, an API key), but whoever runs "
    "the service must know what turns it on.",
    "MAN-SERVICES",
)


def check(context: RuleContext) -> Iterator[RawFinding]:
    for service in context.services:
        registration = service.registration
        if not service.registered or registration is None or not registration.condition:
            continue
        default = ""
        if registration.enabled_by_default is False:
            default = "; with the default settings it is not registered"
        elif registration.enabled_by_default is True:
            default = "; the default settings register it"
        yield RawFinding(
            registration.module,
            registration.function,
            registration.line,
            f"job {service.job_id or service.function!r} is registered only when "
            f"{registration.condition}{default}",
            service.job_id or service.function,
            f"{registration.condition} -> {service.module}.{service.function}",
            (service.id,),
        )
