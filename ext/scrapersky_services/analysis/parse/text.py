"""Expressions and values written back as short, readable text (for messages and pages)."""

from __future__ import annotations

from typing import Any

MAX_TEXT = 200


def expr_text(expr: Any, limit: int = MAX_TEXT) -> str:
    """Python-like source for a summarised expression (see :mod:`.facts`)."""
    text = _expr(expr)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _expr(expr: Any) -> str:
    if expr is None:
        return ""
    if not isinstance(expr, tuple) or not expr:
        return "…"
    tag = expr[0]
    if tag == "n":
        return expr[1]
    if tag == "a":
        return f"{_expr(expr[1])}.{expr[2]}"
    if tag == "c":
        return repr(expr[1])
    if tag == "k":
        args = [_expr(arg) for arg in expr[2]]
        args += [
            f"{name}={_expr(value)}" if name else f"**{_expr(value)}" for name, value in expr[3]
        ]
        return f"{_expr(expr[1])}({', '.join(args)})"
    if tag == "s":
        return f"{_expr(expr[1])}[{_expr(expr[2])}]"
    if tag == "l":
        return "[" + ", ".join(_expr(item) for item in expr[1]) + "]"
    if tag == "d":
        items = [
            f"**{_expr(value)}" if key is None else f"{_expr(key)}: {_expr(value)}"
            for key, value in zip(expr[1], expr[2], strict=False)
        ]
        return "{" + ", ".join(items) + "}"
    if tag == "cmp":
        return _expr(expr[1]) + "".join(f" {op} {_expr(right)}" for op, right in expr[2])
    if tag == "bo":
        return f" {expr[1]} ".join(_expr(value) for value in expr[2])
    if tag == "b":
        return f"{_expr(expr[2])} {expr[1]} {_expr(expr[3])}"
    if tag == "u":
        space = " " if expr[1] == "not" else ""
        return f"{expr[1]}{space}{_expr(expr[2])}"
    if tag == "fs":
        return (
            "f'"
            + "".join(
                part[1] if part[0] == "c" and isinstance(part[1], str) else "{" + _expr(part) + "}"
                for part in expr[1]
            )
            + "'"
        )
    if tag == "*":
        return "*" + _expr(expr[1])
    if tag == "ifx":
        return f"{_expr(expr[2])} if {_expr(expr[1])} else {_expr(expr[3])}"
    if tag == "comp":
        return f"[{_expr(expr[1])} for … in {', '.join(_expr(item) for item in expr[2])}]"
    if tag == "lam":
        return f"lambda: {_expr(expr[1])}"
    return "…"
