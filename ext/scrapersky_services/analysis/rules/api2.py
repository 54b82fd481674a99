"""API2: an endpoint whose path repeats the API prefix."""

from __future__ import annotations

from collections.abc import Iterator

from .base import RawFinding, Rule, RuleContext

RULE = Rule(
    "API2",
    "Doubled API prefix",
    "high",
    "A router whose own prefix already holds the API prefix, included with the prefix again, "
    "serves its endpoints at a path no client calls.",
    "MAN-API-PREFIX",
    needs="api_prefix",
)


def check(context: RuleContext) -> Iterator[RawFinding]:
    doubled = context.api_prefix + context.api_prefix
    for endpoint in context.routes.endpoints:
        if endpoint.path == doubled or endpoint.path.startswith(doubled + "/"):
            yield RawFinding(
                endpoint.module,
                endpoint.function,
                endpoint.line,
                f"{endpoint.method} {endpoint.path} repeats {context.api_prefix}",
                f"{endpoint.method} {endpoint.path}",
                f"{endpoint.method} {endpoint.path}",
            )
