"""SVC1: a scheduler job (or scheduler module) that nothing registers."""

from __future__ import annotations

from collections.abc import Iterator

from .base import RawFinding, Rule, RuleContext

RULE = Rule(
    "SVC1",
    "Job never registered",
    "medium",
    "A job whose registering code is never reached from the application's entry points never "
    "runs; either wire it up or archive it after review.",
    "MAN-SERVICES",
)


def check(context: RuleContext) -> Iterator[RawFinding]:
    for service in context.services:
        if not service.kind.startswith("apscheduler") or service.registered:
            continue
        where = service.registration
        module = where.module if where else service.module
        symbol = where.function if where else service.function
        line = where.line if where else service.line
        yield RawFinding(
            module,
            symbol,
            line,
            f"job {service.job_id or service.function!r} ({service.module}.{service.function}) is "
            "defined but nothing registers it",
            service.job_id or service.function,
            f"add_job {service.module}.{service.function} {service.job_id}",
            (service.id,),
        )
