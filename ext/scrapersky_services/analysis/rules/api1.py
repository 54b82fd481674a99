"""API1: an endpoint outside the configured API prefix."""

from __future__ import annotations

from collections.abc import Iterator

from .base import RawFinding, Rule, RuleContext

RULE = Rule(
    "API1",
    "Endpoint outside the API prefix",
    "medium",
    "Every endpoint belongs under the one API version; others are remnants of older versions "
    "that the gateway does not cover.",
    "MAN-API-PREFIX",
    needs="api_prefix",
)


def under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


def check(context: RuleContext) -> Iterator[RawFinding]:
    for endpoint in context.routes.endpoints:
        if not endpoint.mounted or under(endpoint.path, context.api_prefix):
            continue
        yield RawFinding(
            endpoint.module,
            endpoint.function,
            endpoint.line,
            f"{endpoint.method} {endpoint.path} is outside {context.api_prefix}",
            f"{endpoint.method} {endpoint.path}",
            f"{endpoint.method} {endpoint.path}",
        )
