"""Per-file facts: everything later passes need from one file, without its syntax tree.

A file is parsed once; :mod:`.extract` turns its tree into these records, which are small,
picklable and cached by content. Every later pass (imports, settings, services, routes,
status flow, rules) reads facts only, so an unchanged file is never parsed again.

Expressions are kept as nested tuples, tagged by their first item:

========================  ======================================================
``("n", name)``           a name
``("a", value, attr)``    an attribute (``value.attr``)
``("c", constant)``       a str, int, float, bool or None literal
``("k", func, args, kwargs, line)``  a call; ``kwargs`` is ``[(name|None, value)]``
``("s", value, index)``   a subscript
``("l", items)``          a list, tuple or set display
``("d", keys, values)``   a dict display (a ``None`` key is ``**value``)
``("cmp", left, ops)``    a comparison; ``ops`` is ``[(op, right)]``
``("bo", op, values)``    ``and`` / ``or``
``("b", op, left, right)``  arithmetic
``("u", op, operand)``    ``not`` / ``-`` / ``+`` / ``~``
``("fs", parts)``         an f-string: constants and formatted values
``("*", value)``          a starred value
``("ifx", test, body, orelse)``  a conditional expression
``("comp", element, iterables)``  a comprehension
``("lam", body)``         a lambda
``("?",)``                anything else, or a value cut at the depth limit
========================  ======================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Expr = tuple[Any, ...]

UNKNOWN: Expr = ("?",)

# Statement kinds in FunctionFacts.stmts: (kind, line, ctx, *payload)
EXPR = "expr"  # (EXPR, line, ctx, value)
ASSIGN = "assign"  # (ASSIGN, line, ctx, targets, value)
RETURN = "return"  # (RETURN, line, ctx, value | None)
RAISE = "raise"  # (RAISE, line, ctx, value | None)
IMPORT = "import"  # (IMPORT, line, ctx, index into ModuleFacts.imports)
DEF = "def"  # (DEF, line, ctx, qualname)  a nested function or class defined here

# Import kinds
TOP = "top"
FUNCTION = "function"
TYPE_CHECKING = "type_checking"

MODULE_SCOPE = "<module>"


@dataclass(slots=True)
class ImportFact:
    line: int
    kind: str
    """``top``, ``function`` or ``type_checking``."""
    module: str | None
    """The module named in the statement (``None`` for ``from . import x``)."""
    level: int
    """Number of leading dots of a relative import."""
    names: list[tuple[str, str | None]]
    """``[(name, asname)]`` for ``from`` imports; ``[]`` for ``import a.b``."""
    alias: str | None
    """``asname`` of ``import a.b as c``."""
    scope: str
    """Qualified name of the function holding a function-level import; ``<module>``."""


@dataclass(slots=True)
class FunctionFacts:
    name: str
    qualname: str
    line: int
    end_line: int
    is_async: bool
    decorators: list[Expr]
    params: list[tuple[str, Expr | None, Expr | None]]
    """``(name, annotation, default)``; ``*args`` and ``**kwargs`` keep their stars."""
    docstring: str | None
    ctxs: list[tuple[Any, ...]]
    """Control contexts: ``(parent, kind, a, b)``; index 0 is the function body itself.
    Kinds: ``if`` (test, branch taken), ``for`` (target, iterable), ``while`` (test),
    ``try``, ``except`` (type), ``with``, ``match`` (subject)."""
    stmts: list[tuple[Any, ...]]
    class_name: str | None = None
    """Qualified name of the class for a method."""
    parent: str | None = None
    """Qualified name of the enclosing function for a nested function."""


@dataclass(slots=True)
class ClassFacts:
    name: str
    qualname: str
    line: int
    end_line: int
    bases: list[Expr]
    keywords: list[tuple[str | None, Expr]]
    decorators: list[Expr]
    docstring: str | None
    attrs: list[tuple[str, int, Expr | None, Expr | None]]
    """Class-level assignments: ``(name, line, annotation, value)``."""
    methods: list[str]
    """Qualified names of the methods."""


@dataclass(slots=True)
class ModuleFacts:
    name: str
    relpath: str
    is_package: bool
    docstring: str | None = None
    error: str | None = None
    """Why the file could not be analysed (it is still listed)."""
    error_line: int | None = None
    imports: list[ImportFact] = field(default_factory=list)
    functions: dict[str, FunctionFacts] = field(default_factory=dict)
    """Every function, method and nested function; ``<module>`` holds the module body."""
    classes: dict[str, ClassFacts] = field(default_factory=dict)
    line_count: int = 0
    call_index: dict[str, list[tuple[str, int, int, Expr, str]]] = field(default_factory=dict)
    """Last name of a callee (or of a name passed along) -> ``(scope, line, ctx, call, kind)``
    with kind ``call`` or ``ref``: how the call graph finds callers without a full scan.
    Filled while the file is extracted."""
    assigned_attrs: frozenset[str] = frozenset()
    """Attribute names assigned anywhere in the module (``x.status = ...``)."""


def dotted(expr: Expr | None) -> str | None:
    """``a.b.c`` for a name/attribute chain, else ``None``."""
    parts: list[str] = []
    while expr is not None:
        tag = expr[0]
        if tag == "a":
            parts.append(expr[2])
            expr = expr[1]
        elif tag == "n":
            parts.append(expr[1])
            parts.reverse()
            return ".".join(parts)
        else:
            return None
    return None


def iter_calls(expr: Any):
    """Every call inside an expression, outermost first."""
    stack = [expr]
    while stack:
        item = stack.pop()
        if type(item) is not tuple or not item:
            if type(item) is list:
                stack.extend(reversed(item))
            continue
        tag = item[0]
        if tag == "k":
            yield item
        if tag == "c" or tag == "n":
            continue
        stack.extend(reversed(item[1:]))


def last_name(expr: Expr) -> str | None:
    tag = expr[0]
    if tag == "n":
        return expr[1]
    if tag == "a":
        return expr[2]
    return None


def call_kwarg(call: Expr, name: str) -> Expr | None:
    for key, value in call[3]:
        if key == name:
            return value
    return None


def strip_lines(expr: Any) -> Any:
    """The expression without line numbers (for fingerprints that survive moved code)."""
    if type(expr) is tuple and expr:
        if expr[0] == "k":
            return ("k", strip_lines(expr[1]), strip_lines(expr[2]), strip_lines(expr[3]))
        return tuple(strip_lines(item) for item in expr)
    if type(expr) is list:
        return [strip_lines(item) for item in expr]
    return expr
