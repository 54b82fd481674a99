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

import pickle
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .filters import FILTERS
from .statements import ASSIGN, EXPR, RETURN

Expr = tuple[Any, ...]

UNKNOWN: Expr = ("?",)

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


class ModuleFacts:
    """One module: a small header always in memory, and a body decoded when first used.

    The header (imports, the names the module binds, calls and attribute bases it uses,
    its classes' base names) is what the whole-tree passes scan. The body comes in two
    parts kept compressed until a pass needs them: the call index (what the call graph
    reads to find callers) and the definitions (every function's statements, the classes).
    On a large tree only a fraction of the bodies are ever decoded, which keeps the memory
    of the analysis near that of the files themselves.
    """

    __slots__ = (
        "_blob",
        "_body",
        "_bound",
        "_calls",
        "_class_names",
        "_index",
        "assigned_attrs",
        "attr_bases",
        "attr_bits",
        "call_names",
        "class_bases",
        "decorated",
        "docstring",
        "error",
        "error_line",
        "imports",
        "is_package",
        "line_count",
        "module_calls",
        "name",
        "notes",
        "relpath",
    )

    def __init__(
        self,
        name: str,
        relpath: str,
        is_package: bool,
        docstring: str | None = None,
        error: str | None = None,
        error_line: int | None = None,
    ) -> None:
        self.name = name
        self.relpath = relpath
        self.is_package = is_package
        self.docstring = docstring
        self.error = error
        """Why the file could not be analysed (it is still listed)."""
        self.error_line = error_line
        self.imports: list[ImportFact] = []
        self.line_count = 0
        self.assigned_attrs: tuple[str, ...] = ()
        """Attribute names assigned anywhere in the module (``x.status = ...``)."""
        self.call_names: tuple[str, ...] = ()
        """Keys of the call index: callee names and names passed along."""
        self._bound: tuple[str, ...] = ()
        self.class_bases: tuple[tuple[str, tuple[str, ...]], ...] = ()
        """``(class qualname, last names of its bases)`` for every class."""
        self.decorated: tuple[str, ...] = ()
        """Functions with a decorator that is a call (``@router.get("/")``,
        ``@repeat_every(seconds=5)``)."""
        self.attr_bases: tuple[str, ...] = ()
        """Names used as the base of an attribute (``X`` in ``X.y``)."""
        self.attr_bits = 0
        """The attribute names used (``y`` in ``X.y``), as a Bloom filter: see
        :meth:`may_use_attribute`."""
        self.module_calls: tuple[str, ...] = ()
        """Last names of the callees called in the module body itself (import time)."""
        self.notes: tuple[tuple[int, str], ...] = ()
        """``(line, message)``: what the reader should know the analysis could not follow
        (an import whose module is computed at run time)."""
        self._blob: bytes | None = None
        self._calls: bytes | None = None
        self._body: tuple[dict, dict] | None = ({}, {})
        self._index: dict | None = {}
        self._class_names: frozenset[str] | None = None

    # -- the body -----------------------------------------------------------------------

    @property
    def bound_names(self) -> tuple[str, ...]:
        """Names bound at module level (definitions, assignments, imports), all of them."""
        return self._bound

    def binds(self, name: str) -> bool:
        """Whether ``name`` is bound at module level."""
        return name in self._bound

    def _definitions(self) -> tuple[dict, dict]:
        body = self._body
        if body is None:
            body = self._body = _decoded(self._blob)
            _RECENT.append(self)
            if len(_RECENT) > MAX_DECODED:
                _RECENT.popleft().forget()
        return body

    @property
    def functions(self) -> dict[str, FunctionFacts]:
        """Every function, method and nested function; ``<module>`` holds the module body."""
        return self._definitions()[0]

    @property
    def classes(self) -> dict[str, ClassFacts]:
        """Every class."""
        return self._definitions()[1]

    def function(self, qualname: str) -> FunctionFacts | None:
        """One function (or ``<module>``), or ``None``."""
        return self._definitions()[0].get(qualname)

    def klass(self, qualname: str) -> ClassFacts | None:
        """One class, or ``None``."""
        return self._definitions()[1].get(qualname)

    def defines_class(self, qualname: str) -> bool:
        """Whether the module defines the class ``qualname``: read from the header (a name
        that resolves to a class would otherwise decode its module's body)."""
        if self._blob is None:  # not sealed: no header yet
            return qualname in self._definitions()[1]
        names = self._class_names
        if names is None:
            names = self._class_names = frozenset(name for name, _ in self.class_bases)
        return qualname in names

    def functions_where(
        self, test: str, names: frozenset[str]
    ) -> Iterator[tuple[str, FunctionFacts]]:
        """The functions that pass the test ``test`` of :data:`~.filters.FILTERS` with
        ``names``: those a pass that looks for a few statements needs to walk."""
        check = FILTERS[test]
        for qualname, function in self._definitions()[0].items():
            if check(function, names):
                yield qualname, function

    @property
    def call_index(self) -> dict[str, list[tuple[str, int, int, Expr, str]]]:
        """Last name of a callee (or of a name passed along) -> ``(scope, line, ctx, call,
        kind)`` with kind ``call`` or ``ref``: how the call graph finds callers."""
        index = self._index
        if index is None:
            index = self._index = _decoded(self._calls)
        return index

    def calls_of(self, name: str) -> list[tuple[str, int, int, Expr, str]]:
        """The call index entries of one name, without keeping the index decoded."""
        index = self._index
        if index is None:
            index = _decoded(self._calls)
        return index.get(name, [])

    def calls_of_each(self, names: Iterable[str]) -> list[list[tuple[str, int, int, Expr, str]]]:
        """:meth:`calls_of` for several names, the index decoded once."""
        index = self._index
        if index is None:
            index = _decoded(self._calls)
        return [index.get(name, []) for name in names]

    @property
    def decoded(self) -> bool:
        """Whether the definitions are in memory now."""
        return self._body is not None

    def may_use_attribute(self, name: str) -> bool:
        """``False`` when the module never uses ``.name`` (``True`` may be a false alarm)."""
        return bool(self.attr_bits >> attribute_bit(name) & 1)

    def seal(self, attribute_bases: set[str], attribute_names: set[str] = frozenset()) -> None:
        """Fill the header from the body and compress the body (after extraction)."""
        functions, classes = self._definitions()
        index = self.call_index
        self._dynamic_imports(index)
        self.call_names = tuple(sorted(index))
        self.module_calls = tuple(
            sorted(
                name
                for name, entries in index.items()
                if any(entry[0] == MODULE_SCOPE and entry[4] == "call" for entry in entries)
            )
        )
        bits = 0
        for name in attribute_names:
            bits |= 1 << attribute_bit(name)
        self.attr_bits = bits
        self.class_bases = tuple(
            (qualname, tuple(name for base in klass.bases if (name := last_name(base))))
            for qualname, klass in classes.items()
        )
        self.decorated = tuple(
            qualname
            for qualname, function in functions.items()
            if any(item[0] == "k" for item in function.decorators)
        )
        module = functions.get(MODULE_SCOPE)
        bound: set[str] = set(qualname for qualname in classes if "." not in qualname)
        bound.update(
            qualname for qualname in functions if "." not in qualname and qualname != MODULE_SCOPE
        )
        assigned: set[str] = set()
        for function in functions.values():
            for stmt in function.stmts:
                if stmt[0] == ASSIGN:
                    for target in stmt[3]:
                        if target[0] == "a":
                            assigned.add(target[2])
                        elif function is module and target[0] == "n":
                            bound.add(target[1])
                        elif function is module and target[0] == "l":
                            bound.update(item[1] for item in target[1] if item[0] == "n")
        for fact in self.imports:
            if fact.scope == MODULE_SCOPE:
                if fact.names:
                    bound.update(asname or name for name, asname in fact.names)
                elif fact.module:
                    bound.add(fact.alias or fact.module.split(".")[0])
        # sorted tuples: a tenth of the memory of sets, and the tree's identifiers are
        # interned by the parser, so equal names are shared
        self.assigned_attrs = tuple(sorted(assigned))
        self._bound = tuple(sorted(bound))
        self.attr_bases = tuple(sorted(attribute_bases))
        protocol = pickle.HIGHEST_PROTOCOL
        self._blob = zlib.compress(pickle.dumps((functions, classes), protocol=protocol), 1)
        self._calls = zlib.compress(pickle.dumps(index, protocol=protocol), 1)
        self._body = self._index = None

    def _dynamic_imports(self, index: dict[str, list[tuple[str, int, int, Expr, str]]]) -> None:
        """``__import__("a.b")`` and ``importlib.import_module("a.b")`` with a literal name
        become imports; with a computed one, a note (the graph cannot show them)."""
        notes = []
        # a bare ``import_module(...)`` counts only when imported under that name
        bare_import_module = "import_module" in index and any(
            (asname or name) == "import_module"
            for fact in self.imports
            for name, asname in fact.names
        )
        for callee in DYNAMIC_IMPORTS:
            for scope, line, _ctx, call, kind in index.get(callee, ()):
                if kind != "call" or (
                    callee == "import_module" and call[1][0] == "n" and not bare_import_module
                ):
                    continue
                args = call[2]
                first = args[0] if args else None
                if (
                    first is not None
                    and first[0] == "c"
                    and isinstance(first[1], str)
                    and first[1]
                    and not first[1].startswith(".")
                ):
                    where = "top" if scope == MODULE_SCOPE else "function"
                    self.imports.append(ImportFact(line, where, first[1], 0, [], None, scope))
                    continue
                notes.append(
                    (
                        line,
                        f"{callee}() with a module name computed at run time: the modules it "
                        "loads are not in the import graph",
                    )
                )
        self.notes = tuple(sorted(notes))

    def forget(self) -> None:
        """Drop the decoded body (it is decoded again when needed)."""
        if self._blob is not None:
            self._body = self._index = None

    def __getstate__(self) -> dict[str, Any]:
        # the decoded body is never stored: the compressed one is
        return {slot: getattr(self, slot) for slot in self.__slots__ if slot not in _DECODED}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for slot, value in state.items():
            setattr(self, slot, value)
        sealed = self._blob is not None
        self._body = None if sealed else ({}, {})
        self._index = None if sealed else {}
        self._class_names = None


#: Slots worked out from the others, never stored.
_DECODED = frozenset({"_body", "_index", "_class_names"})


def _decoded(data: bytes) -> Any:
    """A compressed part of the facts (definitions or call index), decoded."""
    return pickle.loads(zlib.decompress(data))


#: Callees that import a module named by their first argument.
DYNAMIC_IMPORTS = ("__import__", "import_module")

#: How many modules keep their definitions decoded at once; the oldest is dropped first
#: (and decoded again if it is needed again).
MAX_DECODED = 256
_RECENT: deque[ModuleFacts] = deque()


def stmt_value(stmt: tuple) -> Expr | None:
    """The expression a statement evaluates: an assignment's value, an expression
    statement's or a ``return``'s (``None`` for the other kinds)."""
    if stmt[0] == ASSIGN:
        return stmt[4]
    return stmt[3] if stmt[0] in (EXPR, RETURN) else None


def forget_all() -> None:
    """Drop every decoded body (at the end of an analysis)."""
    while _RECENT:
        _RECENT.popleft().forget()


ATTRIBUTE_BITS = 2048


def attribute_bit(name: str) -> int:
    """A stable bit for a name (``hash()`` differs between processes)."""
    return zlib.crc32(name.encode()) % ATTRIBUTE_BITS


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


def walk(expr: Any) -> Iterator[Expr]:
    """Every node inside an expression (or a list of them), outermost and leftmost first:
    the one walk over expressions every pass uses. Names and literals are not entered; the
    ``(keyword, value)`` and ``(operator, operand)`` pairs of calls and comparisons come up
    as nodes too (their first item is not a tag any pass looks for)."""
    stack = [expr]
    while stack:
        item = stack.pop()
        if type(item) is not tuple or not item:
            if type(item) is list:
                stack.extend(reversed(item))
            continue
        yield item
        tag = item[0]
        if tag == "c" or tag == "n":
            continue
        stack.extend(reversed(item[1:]))


def assigned_call(stmt: tuple[Any, ...]) -> tuple[str, Expr] | None:
    """``(name, call)`` for a statement ``name = call(...)`` (one plain name), else None."""
    if stmt[0] != "assign" or stmt[4][0] != "k" or len(stmt[3]) != 1 or stmt[3][0][0] != "n":
        return None
    return stmt[3][0][1], stmt[4]


def iter_calls(expr: Any) -> Iterator[Expr]:
    """Every call inside an expression, outermost first."""
    return (node for node in walk(expr) if node[0] == "k")


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
