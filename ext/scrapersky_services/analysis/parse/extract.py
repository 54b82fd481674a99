"""Parse one file and turn its syntax tree into :class:`~.facts.ModuleFacts`.

This is the only place that parses. It never raises: a file that cannot be read, decoded
or parsed (or that is too large or too deeply nested) comes back with ``error`` set and its
line, and the rest of the tree is still analysed.

It is long for that reason: one visitor covers every statement and expression the facts
keep, so that no later pass needs a syntax tree.
"""

from __future__ import annotations

import ast
import sys
from typing import Any

from .facts import (
    FUNCTION,
    MODULE_SCOPE,
    TOP,
    TYPE_CHECKING,
    UNKNOWN,
    ClassFacts,
    Expr,
    FunctionFacts,
    ImportFact,
    ModuleFacts,
)
from .statements import ASSIGN, DEF, EXPR, IMPORT, RAISE, RETURN

#: Files larger than this are listed with an error instead of being parsed.
MAX_FILE_BYTES = 5_000_000
#: Expressions are summarised to this depth; deeper parts become ``("?",)``.
MAX_EXPR_DEPTH = 24
#: Statements nested deeper than this (blocks within blocks) are not followed.
MAX_BLOCK_DEPTH = 100
#: Longest string literal kept (SQL text, docstrings are kept whole).
MAX_STRING = 4000
#: Most items kept from one list, tuple, set or dict display.
MAX_ITEMS = 400

_BINOPS = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
}
_CMPOPS = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
}
_UNARY = {ast.Not: "not", ast.USub: "-", ast.UAdd: "+", ast.Invert: "~"}


#: Calls summarised since the current statement began (see ``_Extractor.statement``).
_CALLS: list[Expr] = []
#: Names used as attribute bases in the module being extracted (``X`` of ``X.y``).
_ATTRIBUTE_BASES: set[str] = set()
_ATTRIBUTE_NAMES: set[str] = set()


def _refs(arguments: list[Expr]) -> list[str]:
    """Names passed along as arguments (directly, or as items of a literal collection)."""
    names: list[str] = []
    for argument in arguments:
        tag = argument[0]
        if tag == "n":
            names.append(argument[1])
        elif tag == "a":
            names.append(argument[2])
            base = argument[1]
            while base[0] == "a":
                names.append(base[2])
                base = base[1]
            if base[0] == "n":
                names.append(base[1])
        elif tag == "l" or tag == "*":
            names.extend(_refs(argument[1] if tag == "l" else [argument[1]]))
        elif tag == "d":
            names.extend(_refs(argument[2]))
    return names


TOO_LARGE_TO_PARSE = "too large to parse in the memory allowed"

#: Largest integer literal kept (bits); a larger one counts as unknown.
MAX_INT_BITS = 1024


def clean_text(text: str) -> str:
    """Text from the code as data every writer can take: a lone surrogate (an escape like
    ``"\\udc80"``, which no UTF-8 file or JSON document can hold) becomes U+FFFD."""
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def summarise(node: ast.AST | None, depth: int = 0) -> Expr:
    """The tuple form of an expression (see :mod:`.facts`); calls are also collected."""
    if node is None:
        return UNKNOWN
    if depth > MAX_EXPR_DEPTH:
        return UNKNOWN
    kind = type(node)
    next_depth = depth + 1
    if kind is ast.Name:
        return ("n", node.id)
    if kind is ast.Attribute:
        value = node.value
        if type(value) is ast.Name:
            _ATTRIBUTE_BASES.add(value.id)
        _ATTRIBUTE_NAMES.add(node.attr)
        return ("a", summarise(value, next_depth), node.attr)
    if kind is ast.Constant:
        value = node.value
        if isinstance(value, str):
            return ("c", clean_text(value if len(value) <= MAX_STRING else value[:MAX_STRING]))
        if isinstance(value, int) and not isinstance(value, bool):
            # past this, Python will not even write the number as text (its digit limit)
            return ("c", value) if value.bit_length() <= MAX_INT_BITS else UNKNOWN
        if value is None or isinstance(value, (bool, float)):
            return ("c", value)
        return UNKNOWN
    if kind is ast.Call:
        call = (
            "k",
            summarise(node.func, next_depth),
            [summarise(arg, next_depth) for arg in node.args[:MAX_ITEMS]],
            [(kw.arg, summarise(kw.value, next_depth)) for kw in node.keywords[:MAX_ITEMS]],
            node.lineno,
        )
        _CALLS.append(call)
        return call
    if kind is ast.Await:
        return summarise(node.value, depth)
    if kind in (ast.List, ast.Tuple, ast.Set):
        return ("l", [summarise(item, next_depth) for item in node.elts[:MAX_ITEMS]])
    if kind is ast.Dict:
        return (
            "d",
            [None if key is None else summarise(key, next_depth) for key in node.keys[:MAX_ITEMS]],
            [summarise(value, next_depth) for value in node.values[:MAX_ITEMS]],
        )
    if kind is ast.Compare:
        return (
            "cmp",
            summarise(node.left, next_depth),
            [
                (_CMPOPS.get(type(op), "?"), summarise(right, next_depth))
                for op, right in zip(node.ops, node.comparators, strict=False)
            ],
        )
    if kind is ast.Subscript:
        return ("s", summarise(node.value, next_depth), summarise(node.slice, next_depth))
    if kind is ast.BoolOp:
        op = "and" if type(node.op) is ast.And else "or"
        return ("bo", op, [summarise(value, next_depth) for value in node.values[:MAX_ITEMS]])
    if kind is ast.BinOp:
        return (
            "b",
            _BINOPS.get(type(node.op), "?"),
            summarise(node.left, next_depth),
            summarise(node.right, next_depth),
        )
    if kind is ast.UnaryOp:
        return ("u", _UNARY.get(type(node.op), "?"), summarise(node.operand, next_depth))
    if kind is ast.JoinedStr:
        return ("fs", [summarise(part, next_depth) for part in node.values[:MAX_ITEMS]])
    if kind is ast.FormattedValue:
        return summarise(node.value, depth)
    if kind is ast.Starred:
        return ("*", summarise(node.value, next_depth))
    if kind is ast.IfExp:
        return (
            "ifx",
            summarise(node.test, next_depth),
            summarise(node.body, next_depth),
            summarise(node.orelse, next_depth),
        )
    if kind in (ast.ListComp, ast.SetComp, ast.GeneratorExp):
        return (
            "comp",
            summarise(node.elt, next_depth),
            [summarise(gen.iter, next_depth) for gen in node.generators],
        )
    if kind is ast.DictComp:
        return (
            "comp",
            ("l", [summarise(node.key, next_depth), summarise(node.value, next_depth)]),
            [summarise(gen.iter, next_depth) for gen in node.generators],
        )
    if kind is ast.Lambda:
        return ("lam", summarise(node.body, next_depth))
    if kind is ast.NamedExpr:
        return summarise(node.value, depth)
    if kind in (ast.Yield, ast.YieldFrom):
        return summarise(node.value, depth) if node.value is not None else UNKNOWN
    return UNKNOWN


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


class _Extractor:
    """Walks statements once, filling the facts of one module."""

    def __init__(self, facts: ModuleFacts) -> None:
        self.facts = facts

    # -- scopes ---------------------------------------------------------------------------

    def module(self, tree: ast.Module) -> None:
        self.facts.docstring = _docstring(tree)
        scope = FunctionFacts(
            name=MODULE_SCOPE,
            qualname=MODULE_SCOPE,
            line=1,
            # where the code ends: trailing comments and blank lines change nothing
            end_line=tree.body[-1].end_lineno or 1 if tree.body else 1,
            is_async=False,
            decorators=[],
            params=[],
            docstring=None,
            ctxs=[(None, "body", None, None)],
            stmts=[],
        )
        self.facts.functions[MODULE_SCOPE] = scope
        self.block(tree.body, scope, 0, prefix="", in_type_checking=False, depth=0)

    def function(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        qualname: str,
        class_name: str | None,
        parent: str | None,
        depth: int,
    ) -> FunctionFacts:
        arguments = node.args
        params: list[tuple[str, Expr | None, Expr | None]] = []
        positional = [*arguments.posonlyargs, *arguments.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(arguments.defaults))
        defaults += list(arguments.defaults)
        for arg, default in zip(positional, defaults, strict=False):
            params.append((arg.arg, _maybe(arg.annotation), _maybe(default)))
        if arguments.vararg:
            params.append(("*" + arguments.vararg.arg, _maybe(arguments.vararg.annotation), None))
        for arg, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=False):
            params.append((arg.arg, _maybe(arg.annotation), _maybe(default)))
        if arguments.kwarg:
            params.append(("**" + arguments.kwarg.arg, _maybe(arguments.kwarg.annotation), None))
        scope = FunctionFacts(
            name=node.name,
            qualname=qualname,
            line=node.lineno,
            end_line=node.end_lineno or node.lineno,
            is_async=isinstance(node, ast.AsyncFunctionDef),
            decorators=[summarise(decorator) for decorator in node.decorator_list],
            params=params,
            docstring=_docstring(node),
            ctxs=[(None, "body", None, None)],
            stmts=[],
            class_name=class_name,
            parent=parent,
        )
        self.facts.functions[qualname] = scope
        _CALLS.clear()  # decorator calls are not calls made by the enclosing scope
        for decorator in scope.decorators:
            for ref in _refs(
                [decorator]
                if decorator[0] != "k"
                else [decorator[1], *decorator[2], *(v for _, v in decorator[3])]
            ):
                self.facts.call_index.setdefault(ref, []).append(
                    (qualname, scope.line, 0, decorator, "ref")
                )
        self.block(
            node.body,
            scope,
            0,
            prefix=qualname + ".<locals>.",
            in_type_checking=False,
            depth=depth + 1,
        )
        return scope

    def klass(self, node: ast.ClassDef, qualname: str, depth: int) -> None:
        facts = ClassFacts(
            name=node.name,
            qualname=qualname,
            line=node.lineno,
            end_line=node.end_lineno or node.lineno,
            bases=[summarise(base) for base in node.bases],
            keywords=[(keyword.arg, summarise(keyword.value)) for keyword in node.keywords],
            decorators=[summarise(decorator) for decorator in node.decorator_list],
            docstring=_docstring(node),
            attrs=[],
            methods=[],
        )
        self.facts.classes[qualname] = facts
        _CALLS.clear()  # calls in class bodies (column and field definitions) are not indexed
        for statement in node.body:
            kind = type(statement)
            if kind in (ast.FunctionDef, ast.AsyncFunctionDef):
                method = qualname + "." + statement.name
                facts.methods.append(method)
                self.function(statement, method, qualname, None, depth + 1)
            elif kind is ast.ClassDef:
                self.klass(statement, qualname + "." + statement.name, depth + 1)
            elif kind is ast.Assign:
                value = summarise(statement.value)
                for target in statement.targets:
                    for name in _target_names(target):
                        facts.attrs.append((name, statement.lineno, None, value))
            elif kind is ast.AnnAssign and isinstance(statement.target, ast.Name):
                facts.attrs.append(
                    (
                        statement.target.id,
                        statement.lineno,
                        summarise(statement.annotation),
                        _maybe(statement.value),
                    )
                )
            _CALLS.clear()

    # -- statements -----------------------------------------------------------------------

    def block(
        self,
        statements: list[ast.stmt],
        scope: FunctionFacts,
        ctx: int,
        prefix: str,
        in_type_checking: bool,
        depth: int,
    ) -> None:
        if depth > MAX_BLOCK_DEPTH:
            return
        for statement in statements:
            self.statement(statement, scope, ctx, prefix, in_type_checking, depth)

    def push(
        self, scope: FunctionFacts, parent: int, kind: str, a: Any = None, b: Any = None
    ) -> int:
        scope.ctxs.append((parent, kind, a, b))
        return len(scope.ctxs) - 1

    def statement(
        self,
        node: ast.stmt,
        scope: FunctionFacts,
        ctx: int,
        prefix: str,
        in_type_checking: bool,
        depth: int,
    ) -> None:
        _CALLS.clear()
        self._statement(node, scope, ctx, prefix, in_type_checking, depth)
        self._flush(scope, ctx)

    def _flush(self, scope: FunctionFacts, ctx: int) -> None:
        """Index the calls seen so far (a statement's, or a compound statement's header
        before its body is walked)."""
        if _CALLS:
            self.index(scope.qualname, ctx, _CALLS)
            _CALLS.clear()

    def index(self, scope: str, ctx: int, calls: list[Expr]) -> None:
        """Record calls by the last name of their callee, and the names they pass along."""
        index = self.facts.call_index
        for call in calls:
            func = call[1]
            tag = func[0]
            name = func[1] if tag == "n" else func[2] if tag == "a" else None
            entry = (scope, call[4], ctx, call, "call")
            if name is not None:
                index.setdefault(name, []).append(entry)
            if call[2] or call[3]:
                reference = (scope, call[4], ctx, call, "ref")
                for ref in _refs([*call[2], *(value for _, value in call[3])]):
                    index.setdefault(ref, []).append(reference)

    def _statement(
        self,
        node: ast.stmt,
        scope: FunctionFacts,
        ctx: int,
        prefix: str,
        in_type_checking: bool,
        depth: int,
    ) -> None:
        kind = type(node)
        line = node.lineno
        stmts = scope.stmts
        if kind is ast.Expr:
            if type(node.value) is not ast.Constant:  # docstrings and bare literals say nothing
                stmts.append((EXPR, line, ctx, summarise(node.value)))
        elif kind is ast.Assign:
            stmts.append(
                (
                    ASSIGN,
                    line,
                    ctx,
                    [summarise(target) for target in node.targets],
                    summarise(node.value),
                )
            )
        elif kind is ast.AnnAssign:
            if node.value is not None:
                stmts.append((ASSIGN, line, ctx, [summarise(node.target)], summarise(node.value)))
        elif kind is _TYPE_ALIAS:  # PEP 695 (3.12): ``type Name = ...`` binds Name
            stmts.append((ASSIGN, line, ctx, [("n", node.name.id)], UNKNOWN))
        elif kind is ast.AugAssign:
            target = summarise(node.target)
            value = ("b", _BINOPS.get(type(node.op), "?"), target, summarise(node.value))
            stmts.append((ASSIGN, line, ctx, [target], value))
        elif kind is ast.Return:
            stmts.append((RETURN, line, ctx, _maybe(node.value)))
        elif kind is ast.Raise:
            stmts.append((RAISE, line, ctx, _maybe(node.exc)))
        elif kind in (ast.Import, ast.ImportFrom):
            self.import_(node, scope, ctx, in_type_checking)
        elif kind is ast.If:
            test = node.test
            checking = in_type_checking or _is_type_checking(test)
            summary = summarise(test)
            stmts.append((EXPR, line, ctx, summary))
            self._flush(scope, ctx)
            body_ctx = self.push(scope, ctx, "if", summary, True)
            self.block(node.body, scope, body_ctx, prefix, checking, depth + 1)
            if node.orelse:
                else_ctx = self.push(scope, ctx, "if", summary, False)
                self.block(node.orelse, scope, else_ctx, prefix, in_type_checking, depth + 1)
        elif kind in (ast.For, ast.AsyncFor):
            iterable = summarise(node.iter)
            stmts.append((EXPR, line, ctx, iterable))
            self._flush(scope, ctx)
            loop_ctx = self.push(scope, ctx, "for", summarise(node.target), iterable)
            self.block(node.body, scope, loop_ctx, prefix, in_type_checking, depth + 1)
            self.block(node.orelse, scope, ctx, prefix, in_type_checking, depth + 1)
        elif kind is ast.While:
            test = summarise(node.test)
            stmts.append((EXPR, line, ctx, test))
            self._flush(scope, ctx)
            loop_ctx = self.push(scope, ctx, "while", test)
            self.block(node.body, scope, loop_ctx, prefix, in_type_checking, depth + 1)
            self.block(node.orelse, scope, ctx, prefix, in_type_checking, depth + 1)
        elif kind in (ast.With, ast.AsyncWith):
            with_ctx = self.push(scope, ctx, "with")
            for item in node.items:
                value = summarise(item.context_expr)
                if item.optional_vars is not None:
                    stmts.append((ASSIGN, line, ctx, [summarise(item.optional_vars)], value))
                else:
                    stmts.append((EXPR, line, ctx, value))
            self._flush(scope, ctx)
            self.block(node.body, scope, with_ctx, prefix, in_type_checking, depth + 1)
        elif kind in (ast.Try, getattr(ast, "TryStar", ast.Try)):
            try_ctx = self.push(scope, ctx, "try")
            self.block(node.body, scope, try_ctx, prefix, in_type_checking, depth + 1)
            for handler in node.handlers:
                handler_ctx = self.push(scope, ctx, "except", _maybe(handler.type))
                if handler.name:
                    stmts.append(
                        (ASSIGN, handler.lineno, handler_ctx, [("n", handler.name)], UNKNOWN)
                    )
                self.block(handler.body, scope, handler_ctx, prefix, in_type_checking, depth + 1)
            self.block(node.orelse, scope, try_ctx, prefix, in_type_checking, depth + 1)
            self.block(node.finalbody, scope, ctx, prefix, in_type_checking, depth + 1)
        elif kind in (ast.FunctionDef, ast.AsyncFunctionDef):
            qualname = prefix + node.name
            stmts.append((DEF, line, ctx, qualname))
            parent = None if scope.qualname == MODULE_SCOPE else scope.qualname
            self.function(node, qualname, None, parent, depth)
        elif kind is ast.ClassDef:
            qualname = prefix + node.name
            stmts.append((DEF, line, ctx, qualname))
            self.klass(node, qualname, depth)
        elif kind is ast.Match:
            subject = summarise(node.subject)
            stmts.append((EXPR, line, ctx, subject))
            self._flush(scope, ctx)
            for case in node.cases:
                case_ctx = self.push(scope, ctx, "match", subject)
                self.block(case.body, scope, case_ctx, prefix, in_type_checking, depth + 1)
        elif kind is ast.Delete:
            for target in node.targets:
                stmts.append((EXPR, line, ctx, summarise(target)))

    def import_(
        self,
        node: ast.Import | ast.ImportFrom,
        scope: FunctionFacts,
        ctx: int,
        in_type_checking: bool,
    ) -> None:
        if in_type_checking:
            kind = TYPE_CHECKING
        elif scope.qualname == MODULE_SCOPE:
            kind = TOP
        else:
            kind = FUNCTION
        imports = self.facts.imports
        if isinstance(node, ast.Import):
            for alias in node.names:
                scope.stmts.append((IMPORT, node.lineno, ctx, len(imports)))
                imports.append(
                    ImportFact(node.lineno, kind, alias.name, 0, [], alias.asname, scope.qualname)
                )
        else:
            names = [(alias.name, alias.asname) for alias in node.names]
            scope.stmts.append((IMPORT, node.lineno, ctx, len(imports)))
            imports.append(
                ImportFact(node.lineno, kind, node.module, node.level, names, None, scope.qualname)
            )


def _maybe(node: ast.AST | None) -> Expr | None:
    return None if node is None else summarise(node)


#: ``ast.TypeAlias`` where the running Python has it (3.12 and later).
_TYPE_ALIAS = getattr(ast, "TypeAlias", None)


def _target_names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for item in target.elts for name in _target_names(item)]
    return []


def _syntax_error_message(error: SyntaxError) -> str:
    message = error.msg or "invalid syntax"
    if "null bytes" in message:
        return "the file contains NUL bytes"
    if message.startswith("(unicode error)") or "codec can't decode" in message:
        return f"cannot decode the file ({message})"
    python = "{}.{}".format(*sys.version_info[:2])
    return f"syntax error: {message} (as Python {python} reads it)"


def extract_module(source: bytes, name: str, relpath: str, is_package: bool) -> ModuleFacts:
    """Facts of one file. Never raises: a problem is recorded as ``error``."""
    facts = ModuleFacts(name=name, relpath=relpath, is_package=is_package)
    if len(source) > MAX_FILE_BYTES:
        facts.error = (
            f"file too large to analyse ({len(source):,} bytes; the limit is {MAX_FILE_BYTES:,})"
        )
        return facts
    facts.line_count = source.count(b"\n") + 1
    if b"\x00" in source:
        facts.error = "the file contains NUL bytes"
        facts.error_line = source[: source.index(b"\x00")].count(b"\n") + 1
        return facts
    try:
        tree = ast.parse(source, filename=relpath, type_comments=False)
    except SyntaxError as error:
        facts.error = _syntax_error_message(error)
        facts.error_line = error.lineno
        return facts
    except (ValueError, UnicodeDecodeError) as error:
        facts.error = f"cannot decode the file ({error})"
        return facts
    except RecursionError:
        facts.error = "too deeply nested to parse"
        return facts
    except MemoryError:
        facts.error = TOO_LARGE_TO_PARSE
        return facts
    try:
        _CALLS.clear()
        _ATTRIBUTE_BASES.clear()
        _ATTRIBUTE_NAMES.clear()
        _Extractor(facts).module(tree)
        facts.seal(_ATTRIBUTE_BASES, _ATTRIBUTE_NAMES)
    except RecursionError:
        facts.functions.clear()
        facts.classes.clear()
        facts.call_index.clear()
        facts.imports.clear()
        facts.error = "too deeply nested to analyse"
    return facts


def _docstring(node: ast.AST) -> str | None:
    text = ast.get_docstring(node, clean=True)
    return clean_text(text) if text else text
