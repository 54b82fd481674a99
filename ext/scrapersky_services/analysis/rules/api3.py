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
    "MAN-API-PREFIX",
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


def _shape(segments: list[str]) -> tuple[str, ...]:
    """The path with every parameter written as ``*``: the bucket of an earlier route."""
    return tuple("*" if PARAM.match(segment) else segment for segment in segments)


#: Paths with more static segments than this are compared with their first ones only.
MAX_STATIC_SEGMENTS = 12


def _shapes_that_could_match(segments: list[str]) -> list[tuple[str, ...]]:
    """The buckets of the earlier routes that could shadow this path: each static segment
    is matched by itself or by a parameter, a parameter only by the same parameter."""
    options: list[tuple[str, ...]] = [()]
    statics = 0
    for segment in segments:
        if PARAM.match(segment):
            choices: tuple[str, ...] = ("*",)
        elif statics < MAX_STATIC_SEGMENTS:
            statics += 1
            choices = (segment, "*")
        else:
            choices = (segment,)
        options = [(*option, choice) for option in options for choice in choices]
    return options


def check(context: RuleContext) -> Iterator[RawFinding]:
    """Each route is compared only with the earlier routes that could match it: same
    method, and the same path where each segment is equal or a parameter (a hash lookup
    per combination, not a scan of every earlier route)."""
    earlier: dict[tuple, list] = {}
    mounted = [endpoint for endpoint in context.routes.endpoints if endpoint.mounted]
    for order, later in enumerate(mounted):
        segments = later.path.strip("/").split("/")
        candidates = []
        for shape in _shapes_that_could_match(segments):
            candidates.extend(earlier.get((later.method, shape), ()))
        candidates.sort(key=lambda item: item[0])
        for _, shadowing in candidates:
            if _shadows(shadowing.path, later.path):
                yield RawFinding(
                    later.module,
                    later.function,
                    later.line,
                    f"{later.method} {later.path} is shadowed by {shadowing.method} {shadowing.path} "
                    f"({shadowing.function}, declared first)",
                    f"{later.method} {later.path}",
                    f"{shadowing.method} {shadowing.path} before {later.method} {later.path}",
                )
                break
        earlier.setdefault((later.method, _shape(segments)), []).append((order, later))
