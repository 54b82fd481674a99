"""Tests that pick the functions a pass lists (:meth:`.facts.ModuleFacts.functions_where`).

A pass that looks for a few statements lists only the functions that pass one of these
tests instead of walking every function. Each test must therefore pass every function in
which its pass could find anything, and must depend on nothing but the function and the
names it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from .statements import ASSIGN, EXPR, RAISE, RETURN

if TYPE_CHECKING:
    from .facts import FunctionFacts

#: Statement kinds whose expressions the listing passes look into.
_PAYLOAD_KINDS = (ASSIGN, EXPR, RETURN, RAISE)


def _strings(function: FunctionFacts) -> Iterator[str]:
    """Every string in the expressions of the statements the listing passes look into,
    whatever the node around it: the tests over-approximate, so they do not depend on how
    a pass walks an expression."""
    stack: list[Any] = [stmt[3:] for stmt in function.stmts if stmt[0] in _PAYLOAD_KINDS]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            yield item
        elif kind is tuple or kind is list:
            stack.extend(item)


def writes_attribute(function: FunctionFacts, names: frozenset[str]) -> bool:
    """An assignment to ``x.name`` for one of ``names`` (a status write)."""
    return any(
        stmt[0] == ASSIGN and any(target[0] == "a" and target[2] in names for target in stmt[3])
        for stmt in function.stmts
    )


def mentions(function: FunctionFacts, names: frozenset[str]) -> bool:
    """One of ``names`` anywhere in the function's expressions (an enum's name before a
    member, a setting's name after ``settings.``, ``getattr``)."""
    return not names.isdisjoint(_strings(function))


FILTERS: dict[str, Callable[[FunctionFacts, frozenset[str]], bool]] = {
    "writes-attribute": writes_attribute,
    "mentions": mentions,
}
