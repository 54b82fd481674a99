"""The conditions under which a statement runs: enclosing ``if`` tests and early returns."""

from __future__ import annotations

from ..parse.facts import Expr
from ..parse.statements import RAISE, RETURN
from ..parse.text import expr_text
from .project import Project


def negate(test: Expr) -> str:
    if test[0] == "u" and test[1] == "not":
        return expr_text(test[2])
    if test[0] == "cmp" and len(test[2]) == 1:
        opposite = {
            "==": "!=",
            "!=": "==",
            "is": "is not",
            "is not": "is",
            "in": "not in",
            "not in": "in",
        }
        op, right = test[2][0]
        if op in opposite:
            return expr_text(("cmp", test[1], [(opposite[op], right)]))
    return f"not ({expr_text(test)})"


def _ctx_chain(function, ctx: int) -> list[tuple]:
    chain = []
    while ctx is not None and ctx < len(function.ctxs):
        entry = function.ctxs[ctx]
        chain.append(entry)
        ctx = entry[0]
    return chain


def _ctx_ids(function, ctx: int) -> set[int]:
    ids = set()
    while ctx is not None and ctx < len(function.ctxs):
        ids.add(ctx)
        ctx = function.ctxs[ctx][0]
    return ids


def condition_tests(
    project: Project, module: str, scope: str, ctx: int, line: int
) -> list[tuple[Expr, bool]]:
    """``(test, must_be_true)`` for every condition a statement at ``line`` depends on."""
    function = project.modules[module].function(scope)
    if function is None:
        return []
    tests: list[tuple[Expr, bool]] = []
    for entry in reversed(_ctx_chain(function, ctx)):
        if entry[1] == "if" and not _is_type_checking(entry[2]):
            tests.append((entry[2], bool(entry[3])))
        elif entry[1] == "while" and entry[2] not in (("c", True), ("c", 1)):
            tests.append((entry[2], True))
    enclosing = _ctx_ids(function, ctx)
    for stmt in function.stmts:
        if stmt[1] >= line:
            break
        if stmt[0] not in (RETURN, RAISE) or stmt[2] in enclosing:
            continue
        # ``if test: ... return`` in a block that also holds the statement: it runs only
        # when the test took the other branch
        entry = function.ctxs[stmt[2]]
        if entry[1] == "if" and entry[0] in enclosing:
            tests.append((entry[2], not entry[3]))
    return tests


def conditions_at(project: Project, module: str, scope: str, ctx: int, line: int) -> str | None:
    """The conditions as text, joined with ``and`` (``None`` when unconditional)."""
    parts = []
    for test, must_hold in condition_tests(project, module, scope, ctx, line):
        parts.append(expr_text(test) if must_hold else negate(test))
    return " and ".join(parts) if parts else None


def _is_type_checking(test: Expr) -> bool:
    return (test[0] == "n" and test[1] == "TYPE_CHECKING") or (
        test[0] == "a" and test[2] == "TYPE_CHECKING"
    )
