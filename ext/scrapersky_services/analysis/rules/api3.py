"""API3: a route shadowed by an earlier path-parameter route of the same method."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import RawFinding, Rule, RuleContext

RULE = Rule(
    "API3",
    "Route shadowed by an earlier path-parameter route",
    "high",
    "FastAPI matches routes in the order they are added: a static path declared after a "
    "path-parameter route of the same method and shape is never reached.",
    "MAN-API-V3",
)

PARAM = re.compile(r"^\{[^}:]+(?::(\w+))?\}$")


def _shadows(earlier: str, later: str) -> bool:
    first, second = earlier.strip("/").split("/"), later.strip("/").split("/")
    if len(first) != len(second) or earlier == later:
        return False
    captured = False
    for a, b in zip(first, second, strict=True):
        if a == b:
            continue
        match = PARAM.match(a)
        if not match or PARAM.match(b):
            return False
        if match.group(1) in ("int", "float", "uuid"):
            return False  # a typed converter does not match a word
        captured = True
    return captured


def check(context: RuleContext) -> Iterator[RawFinding]:
    endpoints = [endpoint for endpoint in context.routes.endpoints if endpoint.mounted]
    for index, later in enumerate(endpoints):
        for earlier in endpoints[:index]:
            if earlier.method == later.method and _shadows(earlier.path, later.path):
                yield RawFinding(
                    later.module,
                    later.function,
                    later.line,
                    f"{later.method} {later.path} is shadowed by {earlier.method} {earlier.path} "
                    f"({earlier.function}, declared first)",
                    f"{later.method} {later.path}",
                    f"{earlier.method} {earlier.path} before {later.method} {later.path}",
                )
                break
