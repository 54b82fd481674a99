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


def _shape(segments: list[str], params: list[bool]) -> tuple[str, ...]:
    """The path with every parameter written as ``*``: the bucket of an earlier route."""
    return tuple("*" if param else segment for segment, param in zip(segments, params, strict=True))


class _Trie:
    """Earlier routes by path shape, one level per segment (``*`` for a parameter)."""

    __slots__ = ("children", "routes")

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.routes: list = []

    def add(self, shape: tuple[str, ...], route) -> None:
        node = self
        for segment in shape:
            node = node.children.setdefault(segment, _Trie())
        node.routes.append(route)

    def could_match(self, segments: list[str], params: list[bool]) -> list:
        """The routes whose shape could match the path: each static segment is matched by
        itself or by a parameter, a parameter only by a parameter. Walks only the branches
        that exist, so a long path costs its length, not two to the power of it.
        ``params``: which segments are parameters."""
        found = []
        stack = [(self, 0)]
        while stack:
            node, depth = stack.pop()
            if depth == len(segments):
                found.extend(node.routes)
                continue
            segment = segments[depth]
            if not params[depth] and segment in node.children:
                stack.append((node.children[segment], depth + 1))
            if "*" in node.children:
                stack.append((node.children["*"], depth + 1))
        return found


def check(context: RuleContext) -> Iterator[RawFinding]:
    """Each route is compared only with the earlier routes that could match it: same
    method, and the same path where each segment is equal or a parameter (found in a trie
    of the earlier routes' shapes, not by a scan of every earlier route)."""
    earlier: dict[str, _Trie] = {}
    mounted = [endpoint for endpoint in context.routes.endpoints if endpoint.mounted]
    for order, later in enumerate(mounted):
        segments = later.path.strip("/").split("/")
        # each segment tested once (a path as deep as its include chain is tested twice)
        params = [PARAM.match(segment) is not None for segment in segments]
        trie = earlier.setdefault(later.method, _Trie())
        candidates = trie.could_match(segments, params)
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
        trie.add(_shape(segments, params), (order, later))
