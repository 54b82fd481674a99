"""Which statuses each piece of code polls for, and which it writes.

A *poll* is a comparison on a model's status column inside the ``where``/``filter`` of a
``select`` (or ``query``); a *write* is an assignment, ``setattr``, ``update().values()``,
``insert().values()``, a model constructor, or a column default. Values are compared by the
enum class actually used, so two enums with the same name in different modules stay apart.

A write's values: both branches of ``A if test else B``; a dict's keys set after its display
(``data["status"] = ...`` before ``Job(**data)``) count as its keys. A write's model: the
written variable's value first (``Job(...)``, ``session.get(Job, id)``, rows of a
``select(Job)``, a loop over them, a project helper returning one of those), then the one
model with that column, then the one whose column has the value's enum; else unknown
(``""``), never a guess. Its annotation (``job: Job = ...``) is not in the facts.

It is long because one class follows a status through calls, argument bindings,
conditions and every form of poll and write, and each of those needs the others' way of
finding the model and enum behind an expression.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..parse.facts import MODULE_SCOPE, Expr, dotted, iter_calls, stmt_value, walk
from ..parse.statements import ASSIGN
from ..resolve.callgraph import CallGraph, FuncKey
from ..resolve.project import Env, Project
from ..resolve.values import (
    Bound,
    Class,
    Const,
    EnumMember,
    External,
    Function,
    Instance,
    Items,
    Mapping,
    MissingMember,
    OneOf,
    Param,
    Setting,
    Unknown,
    Value,
)
from ..resolve.values import (
    Column as ColumnValue,
)
from .models import Column, DataModel

SELECT_ROOTS = frozenset({"select", "query", "exists"})
WRITE_ROOTS = frozenset({"update", "insert"})
ENUM_VALUES = (EnumMember, MissingMember)
#: Values a status is compared with or set to that say nothing about which status.
OPAQUE_VALUES = (Unknown, Param, Bound, Instance)
#: Calls that hand back the rows (or the one row) of what they are given: ``session.get(Job,
#: id)``, ``(await session.execute(stmt)).scalars().all()``, ``session.scalars(stmt)``.
ROW_CALLS = frozenset(
    {
        "get",
        "get_one",
        "execute",
        "scalars",
        "scalar",
        "scalar_one",
        "scalar_one_or_none",
        "all",
        "first",
        "one",
        "one_or_none",
        "unique",
        "fetchall",
        "fetchone",
        "merge",
        "refresh",
        "limit",
        "offset",
        "order_by",
        "with_for_update",
        "options",
    }
)
QUEUE_WORDS = re.compile(
    r"queue|pending|retry|requested|scheduled|waiting|submitted_for", re.IGNORECASE
)


@dataclass(frozen=True)
class Hit:
    """One status read (poll) or write, where it happens and with which value."""

    model: str
    """``module:Class`` of the model, ``""`` when it cannot be told."""
    field: str
    value: Value
    module: str
    scope: str
    line: int
    how: str
    """``where``, ``filter_by``, ``attribute``, ``setattr``, ``values``, ``constructor``,
    ``default``."""

    @property
    def enum(self) -> str:
        return self.value.key if isinstance(self.value, ENUM_VALUES) else ""

    @property
    def member(self) -> str:
        return self.value.member if isinstance(self.value, ENUM_VALUES) else ""


@dataclass
class Flow:
    polls: list[Hit] = field(default_factory=list)
    writes: list[Hit] = field(default_factory=list)
    functions: list[FuncKey] = field(default_factory=list)
    """Project functions visited (the service's call tree), in order."""
    generic_polls: list[tuple[FuncKey, Hit]] = field(default_factory=list)
    """Polls made through a parameter-driven helper: (helper, resolved hit)."""


def _chain_root(project: Project, call: Expr, env: Env) -> tuple[Expr, Env] | None:
    """The first call of a method chain (``select(X)`` in ``select(X).where(...).limit(1)``)."""
    node, node_env = call, env
    for _ in range(40):
        func = node[1]
        if func[0] != "a":
            return node, node_env
        receiver = func[1]
        if receiver[0] == "k":
            node = receiver
            continue
        if receiver[0] == "n":
            assigned = project.assigned_expr(receiver[1], node_env)
            if assigned is not None and assigned[0][0] == "k":
                node, node_env = assigned
                continue
        return node, node_env
    return None


def _root_kind(project: Project, root: Expr, env: Env) -> str | None:
    name = dotted(root[1]) or ""
    last = name.rpartition(".")[2]
    if last in SELECT_ROOTS or last in WRITE_ROOTS or last == "delete":
        value = project.evaluate(root[1], env)
        if isinstance(value, (External, Bound)) or last == "query":
            return last
    return None


def _model_of(project: Project, expr: Expr | None, env: Env) -> str:
    if expr is None:
        return ""
    match project.evaluate(expr, env):
        case Class(module, qualname) as cls if project.class_kind(cls) == "model":
            return f"{module}:{qualname}"
        case ColumnValue(model):
            return model
    return ""


def _status_value(value: Value) -> bool:
    if isinstance(value, Const):
        return value.value is not None
    return isinstance(value, (EnumMember, MissingMember, Setting))


class StatusFlow:
    def __init__(self, project: Project, graph: CallGraph, data: DataModel) -> None:
        self.project = project
        self.graph = graph
        self.data = data
        self.status_names = frozenset(data.status_columns)
        self._flows: dict[tuple, tuple[list[Hit], list[Hit], list[tuple[FuncKey, dict]]]] = {}

    # -- one function ---------------------------------------------------------------------

    def function_flow(
        self, key: FuncKey, bindings: dict[str, Value] | None = None
    ) -> tuple[list[Hit], list[Hit], list[tuple[FuncKey, dict]]]:
        """Polls, writes and outgoing calls (with argument values) of one function."""
        env = Env(key[0], key[1], 0, bindings or None)
        cache_key = env.key()
        cached = self._flows.get(cache_key)
        if cached is not None:
            return cached
        result = self._walk_function(key, env, writes_only=False)
        self._flows[cache_key] = result
        return result

    def function_writes(self, key: FuncKey) -> list[Hit]:
        """The status writes of one function (no call-site arguments): what
        :meth:`function_flow` finds, without the polls and outgoing calls (the evaluations
        that only they need are skipped), and kept nowhere (asked once per function)."""
        env = Env(key[0], key[1], 0, None)
        cached = self._flows.get(env.key())
        if cached is not None:
            return cached[1]
        return self._walk_function(key, env, writes_only=True)[1]

    def _walk_function(
        self, key: FuncKey, env: Env, writes_only: bool
    ) -> tuple[list[Hit], list[Hit], list[tuple[FuncKey, dict]]]:
        polls: list[Hit] = []
        writes: list[Hit] = []
        outgoing: list[tuple[FuncKey, dict]] = []
        function = self.project.modules[key[0]].function(key[1])
        if function is None:
            return polls, writes, outgoing
        for stmt in function.stmts:
            # expressions of a statement see the bindings made before it
            line_env = env.at(stmt[1] - 0.5)
            if stmt[0] == ASSIGN:
                for target in stmt[3]:
                    if target[0] == "a" and target[2] in self.status_names:
                        self._attribute_write(target, stmt[4], line_env, stmt[1], writes)
                payload = [stmt[4]]
            elif stmt[0] in ("expr", "return", "raise"):
                payload = [stmt[3]]
            else:
                continue
            for call in iter_calls(payload):
                self._call(call, line_env, call[4], polls, writes, outgoing, writes_only)
        return polls, writes, outgoing

    def _attribute_write(
        self, target: Expr, value_expr: Expr, env: Env, line: int, writes: list[Hit]
    ) -> None:
        for value in self._values(value_expr, env):
            if _status_value(value):
                model = self._infer_model(target[1], target[2], value, env)
                writes.append(
                    Hit(model, target[2], value, env.module, env.scope, line, "attribute")
                )

    def _values(self, expr: Expr, env: Env, depth: int = 0) -> list[Value]:
        """The values an expression may have: both branches of ``a if test else b`` (each
        is written on some request), else its one value."""
        if expr[0] == "ifx" and depth < 4:
            return [
                *self._values(expr[2], env, depth + 1),
                *self._values(expr[3], env, depth + 1),
            ]
        return [self.project.evaluate(expr, env)]

    def _infer_model(self, obj: Expr, field_name: str, value: Value, env: Env) -> str:
        """The model written to: the written variable's value first (an instance made
        here, a row read with ``session.get(Job, id)``, a loop over a ``select(Job)``),
        then the one model with that column, then the one whose column has the value's
        enum, then the one model named where the variable comes from."""
        owner = self.project.evaluate(obj, env)
        if isinstance(owner, OneOf) and owner.values:
            owner = owner.values[0]
        if isinstance(owner, Instance) and isinstance(owner.cls, Class):
            key = f"{owner.cls.module}:{owner.cls.qualname}"
            if key in self.data.models:
                return key
        candidates: list[Column] = self.data.status_columns.get(field_name, [])
        if len(candidates) > 1:
            rows = self._rows_model(obj, env)
            if any(column.model == rows for column in candidates):
                return rows
        if len(candidates) == 1:
            return candidates[0].model
        enum = value.key if isinstance(value, ENUM_VALUES) else ""
        if enum:
            same = [column for column in candidates if column.enum == enum]
            if len(same) == 1:
                return same[0].model
        mentioned = self._models_behind(obj, env)
        narrowed = [column.model for column in candidates if column.model in mentioned]
        if len(narrowed) == 1:
            return narrowed[0]
        return ""

    def _rows_model(self, expr: Expr, env: Env, depth: int = 0) -> str:
        """The model whose rows a variable holds, from how it was read: ``session.get(Job,
        id)``, ``(await session.execute(select(Job)...)).scalars()``, ``session.query(Job)
        .first()``, or a loop over one of those; ``""`` when it cannot be told."""
        if depth > 6:
            return ""
        if expr[0] == "n":
            assigned = self.project.assigned_expr(expr[1], env)
            if assigned is not None:
                return self._rows_model(assigned[0], assigned[1], depth + 1)
            function = self.project.modules[env.module].function(env.scope)
            if function is not None:
                for ctx in function.ctxs:
                    if ctx[1] == "for" and ctx[2] == expr:
                        return self._rows_model(ctx[3], env, depth + 1)
            return ""
        if expr[0] != "k":
            return ""
        if expr[1][0] == "n":
            if _root_kind(self.project, expr, env) in ("select", "query") and expr[2]:
                return _model_of(self.project, expr[2][0], env)  # select(Job)
            return self._returned_model(expr, env, depth)
        if expr[1][0] != "a":
            return ""
        rooted = _chain_root(self.project, expr, env)
        if rooted is not None and rooted[0] is not expr:
            root, root_env = rooted
            if _root_kind(self.project, root, root_env) in ("select", "query") and root[2]:
                return _model_of(self.project, root[2][0], root_env)
        method = expr[1][2]
        if method not in ROW_CALLS:
            return ""
        if method in ("get", "get_one", "merge") and expr[2]:
            return _model_of(self.project, expr[2][0], env)
        if method in ("execute", "scalars", "scalar") and expr[2]:
            found = self._rows_model(expr[2][0], env, depth + 1)
            if found:
                return found
        kind = _root_kind(self.project, expr, env) if expr[1][2] in SELECT_ROOTS else None
        if kind in ("select", "query") and expr[2]:
            return _model_of(self.project, expr[2][0], env)
        return self._rows_model(expr[1][1], env, depth + 1)

    def _returned_model(self, call: Expr, env: Env, depth: int) -> str:
        """``page = await load_page(session, id)``: the one model the helper's ``return``
        statements read rows of."""
        callee = self.project.evaluate(call[1], env)
        if not isinstance(callee, Function):
            return ""
        function = self.project.modules[callee.module].function(callee.qualname)
        if function is None:
            return ""
        found = {
            self._rows_model(stmt[3], Env(callee.module, callee.qualname, stmt[1]), depth + 2)
            for stmt in function.stmts
            if stmt[0] == "return" and stmt[3] is not None
        }
        return found.pop() if len(found) == 1 else ""

    def _models_behind(self, expr: Expr, env: Env, depth: int = 0) -> set[str]:
        """Models named in the expressions a variable was computed from (two hops)."""
        found: set[str] = set()
        if depth > 2:
            return found
        if expr[0] == "n":
            assigned = self.project.assigned_expr(expr[1], env)
            if assigned is None:
                # a loop variable: look at what the loop iterates over
                function = self.project.modules[env.module].function(env.scope)
                if function is not None:
                    for ctx in function.ctxs:
                        if ctx[1] == "for" and ctx[2] == expr:
                            found |= self._models_behind(ctx[3], env, depth + 1)
                return found
            expr, env = assigned
        for call in iter_calls(expr):
            for argument in call[2]:
                model = _model_of(self.project, argument, env)
                if model:
                    found.add(model)
            if call[1][0] == "a" and call[1][1][0] == "n":
                found |= self._models_behind(call[1][1], env, depth + 1)
        if expr[0] == "n":
            found |= self._models_behind(expr, env, depth + 1)
        return found

    def _call(
        self,
        call: Expr,
        env: Env,
        line: int,
        polls: list[Hit],
        writes: list[Hit],
        outgoing: list[tuple[FuncKey, dict]],
        writes_only: bool = False,
    ) -> None:
        func = call[1]
        last = func[2] if func[0] == "a" else (func[1] if func[0] == "n" else "")
        if last in ("where", "filter", "filter_by", "having"):
            if writes_only:  # a filter finds polls only
                return
            rooted = _chain_root(self.project, call, env)
            if rooted is None:
                return
            root, root_env = rooted
            kind = _root_kind(self.project, root, root_env)
            # a ``select`` picks rows; an ``update``/``delete`` filtered on a status consumes
            # the rows in that status just the same (a reaper, a bulk transition)
            if kind is not None:
                model = _model_of(self.project, root[2][0], root_env) if root[2] else ""
                how = "filter_by" if last == "filter_by" else "where"
                self._conditions(call, env, line, model, polls, how)
            return
        if last == "values":
            rooted = _chain_root(self.project, call, env)
            if rooted is None:
                return
            root, root_env = rooted
            if _root_kind(self.project, root, root_env) in WRITE_ROOTS and root[2]:
                model = _model_of(self.project, root[2][0], root_env)
                self._assignments(call, env, line, model, writes, "values")
            return
        if last == "setattr" and len(call[2]) >= 3:
            match self.project.evaluate(call[2][1], env):
                case Const(str() as name) if name in self.status_names:
                    for value in self._values(call[2][2], env):
                        if _status_value(value):
                            model = self._infer_model(call[2][0], name, value, env)
                            writes.append(
                                Hit(model, name, value, env.module, env.scope, line, "setattr")
                            )
            return
        callee = self.project.evaluate(func, env)
        if isinstance(callee, Class):
            key = f"{callee.module}:{callee.qualname}"
            if key in self.data.models:
                self._assignments(call, env, line, key, writes, "constructor")
                return
            init = (callee.module, callee.qualname + ".__init__")
            if writes_only:
                return
            if self.project.modules[callee.module].function(init[1]) is not None:
                outgoing.append((init, self._bind(init, call, env, skip_first=True)))
            return
        if writes_only:  # what is left finds outgoing calls only
            return
        if isinstance(callee, Function):
            target = (callee.module, callee.qualname)
            function = self.project.modules[target[0]].function(target[1])
            skip_first = bool(function and function.class_name and func[0] == "a")
            if function is not None and function.class_name:
                owner = self.project.evaluate(func[1], env) if func[0] == "a" else None
                skip_first = isinstance(owner, Instance)
            outgoing.append((target, self._bind(target, call, env, skip_first)))
        # callables passed as arguments (callbacks, processing functions) are followed too
        for argument in [*call[2], *(value for _, value in call[3])]:
            if argument[0] in ("n", "a"):
                value = self.project.evaluate(argument, env)
                if isinstance(value, Function):
                    outgoing.append(((value.module, value.qualname), {}))

    def _bind(self, target: FuncKey, call: Expr, env: Env, skip_first: bool) -> dict[str, Value]:
        function = self.project.modules[target[0]].function(target[1])
        if function is None:
            return {}
        params = [name for name, _, _ in function.params]
        if skip_first and params:
            params = params[1:]
        bound: dict[str, Value] = {}
        positional = [name for name in params if not name.startswith("*")]
        for name, argument in zip(positional, call[2], strict=False):
            if argument[0] == "*":
                break
            bound[name] = self.project.evaluate(argument, env)
        for keyword, argument in call[3]:
            if keyword is not None:
                bound[keyword] = self.project.evaluate(argument, env)
        return {
            name: value for name, value in bound.items() if not isinstance(value, OPAQUE_VALUES)
        }

    def _conditions(
        self, call: Expr, env: Env, line: int, model: str, polls: list[Hit], how: str
    ) -> None:
        if how == "filter_by":
            for keyword, argument in call[3]:
                if keyword in self.status_names:
                    value = self.project.evaluate(argument, env)
                    if _status_value(value):
                        polls.append(Hit(model, keyword, value, env.module, env.scope, line, how))
            return
        if self._is_lookup(call, env):
            return
        stack = list(call[2])
        while stack:
            condition = stack.pop()
            if condition[0] == "k":
                name = dotted(condition[1]) or ""
                last = name.rpartition(".")[2]
                if last in ("and_", "or_"):
                    stack.extend(condition[2])
                    continue
                if last == "in_" and condition[1][0] == "a" and condition[2]:
                    column = self.project.evaluate(condition[1][1], env)
                    values = self.project.evaluate(condition[2][0], env)
                    if isinstance(column, ColumnValue) and isinstance(values, Items):
                        for value in values.items:
                            if _status_value(value):
                                polls.append(
                                    Hit(
                                        column.model,
                                        column.field,
                                        value,
                                        env.module,
                                        env.scope,
                                        line,
                                        how,
                                    )
                                )
                continue
            if condition[0] == "bo":
                stack.extend(condition[2])
                continue
            if condition[0] != "cmp" or len(condition[2]) != 1:
                continue
            op, right = condition[2][0]
            if op not in ("==", "is"):
                continue
            left_value = self.project.evaluate(condition[1], env)
            right_value = self.project.evaluate(right, env)
            if isinstance(right_value, ColumnValue):
                left_value, right_value = right_value, left_value
            if not isinstance(left_value, ColumnValue) or left_value.field not in self.status_names:
                continue
            if _status_value(right_value):
                polls.append(
                    Hit(
                        left_value.model,
                        left_value.field,
                        right_value,
                        env.module,
                        env.scope,
                        line,
                        how,
                    )
                )

    def _is_lookup(self, call: Expr, env: Env) -> bool:
        """A filter that also pins a non-status column to a variable (``Job.domain_id ==
        domain_id``) looks one row up; it does not poll a queue."""
        for condition in call[2]:
            if condition[0] != "cmp" or len(condition[2]) != 1 or condition[2][0][0] != "==":
                continue
            left = self.project.evaluate(condition[1], env)
            right = self.project.evaluate(condition[2][0][1], env)
            if isinstance(right, ColumnValue):
                left, right = right, left
            if (
                isinstance(left, ColumnValue)
                and left.field not in self.status_names
                and isinstance(right, OPAQUE_VALUES)
            ):
                return True
        return False

    def _assignments(
        self, call: Expr, env: Env, line: int, model: str, writes: list[Hit], how: str
    ) -> None:
        pairs: list[tuple[str, Value]] = []
        for keyword, argument in call[3]:
            if keyword is not None:
                pairs.extend((keyword, value) for value in self._values(argument, env))
            else:
                spread = self.project.evaluate(argument, env)
                pairs.extend(_dict_pairs(spread))
                pairs.extend(self._keys_set(argument, env))
        for argument in call[2]:
            pairs.extend(_dict_pairs(self.project.evaluate(argument, env)))
            pairs.extend(self._keys_set(argument, env))
        for name, value in pairs:
            if name in self.status_names and _status_value(value):
                target_model = model or self._infer_model(("n", "?"), name, value, env)
                writes.append(Hit(target_model, name, value, env.module, env.scope, line, how))

    def _keys_set(self, argument: Expr, env: Env) -> Iterator[tuple[str, Value]]:
        """``data["status"] = Status.QUEUED`` before ``Job(**data)``: the keys a function
        sets on a dict variable, before the line the dict is used on."""
        if argument[0] != "n":
            return
        function = self.project.modules[env.module].function(env.scope)
        if function is None:
            return
        for stmt in function.stmts:
            if stmt[0] != ASSIGN or (env.line and stmt[1] > env.line):
                continue
            for target in stmt[3]:
                if target[0] != "s" or target[1] != argument:
                    continue
                stmt_env = env.at(stmt[1] - 0.5)
                match self.project.evaluate(target[2], stmt_env):
                    case Const(str() as name) if name in self.status_names:
                        for value in self._values(stmt[4], stmt_env):
                            yield name, value

    # -- call trees ----------------------------------------------------------------------

    def tree_flow(
        self, start: FuncKey, bindings: dict[str, Value] | None = None, max_depth: int = 6
    ) -> Flow:
        """Polls and writes of a function and everything it calls (bounded)."""
        flow = Flow()
        seen: set[tuple] = set()
        queue: deque[tuple[FuncKey, dict, int]] = deque([(start, bindings or {}, 0)])
        while queue:
            key, bound, depth = queue.popleft()
            ident = Env(key[0], key[1], 0, bound or None).key()
            if ident in seen:
                continue
            seen.add(ident)
            if key not in flow.functions:
                flow.functions.append(key)
            polls, writes, outgoing = self.function_flow(key, bound)
            for hit in polls:
                flow.polls.append(hit)
                if bound:
                    flow.generic_polls.append((key, hit))
            flow.writes.extend(writes)
            if depth < max_depth:
                for target, target_bindings in outgoing:
                    if target[0] in self.project.modules:
                        queue.append((target, target_bindings, depth + 1))
        return flow

    def generic_helpers(self) -> dict[FuncKey, list[str]]:
        """Functions whose polls depend on their parameters: the generic polling loops.

        Maps the helper to the names of the parameters that carry the model, the field
        and the status value. Only functions that call both ``getattr`` and ``where`` or
        ``filter`` are looked at (found through the call index, not by a scan).
        """
        self.graph.prefetch(("getattr", "where", "filter"))
        with_getattr = {site.caller for site in self.graph.sites("getattr") if site.kind == "call"}
        filtering = {
            site.caller
            for name in ("where", "filter")
            for site in self.graph.sites(name)
            if site.kind == "call"
        }
        helpers: dict[FuncKey, list[str]] = {}
        for module, qualname in sorted(with_getattr & filtering):
            function = self.project.modules[module].function(qualname)
            if qualname == MODULE_SCOPE or len(function.params) < 2:
                continue
            names = {name.lstrip("*") for name, _, _ in function.params}
            used = self._param_driven_select(module, qualname, names)
            if used:
                helpers[(module, qualname)] = used
        return helpers

    def _param_driven_select(self, module: str, qualname: str, params: set[str]) -> list[str]:
        """Parameters used in a ``getattr(model, field) == value`` style select, if any."""
        function = self.project.modules[module].function(qualname)
        text_params: set[str] = set()
        has_getattr = False
        has_where = False
        for stmt in function.stmts:
            payload = stmt_value(stmt)
            if payload is None:
                continue
            for call in iter_calls(payload):
                name = dotted(call[1]) or ""
                last = call[1][2] if call[1][0] == "a" else name
                if name == "getattr" and len(call[2]) >= 2:
                    for argument in call[2][:2]:
                        if argument[0] == "n" and argument[1] in params:
                            text_params.add(argument[1])
                            has_getattr = True
                if last in ("where", "filter"):
                    has_where = True
                    for condition in call[2]:
                        for item in _names(condition):
                            if item in params:
                                text_params.add(item)
        return sorted(text_params) if has_getattr and has_where else []

    # -- the whole project ----------------------------------------------------------------

    def all_writes(self) -> list[Hit]:
        """Status writes anywhere in the project (without call-site arguments)."""
        candidates: set[FuncKey] = set()
        status_names = frozenset(self.status_names)
        for module, facts in self.project.modules.items():
            if status_names.isdisjoint(facts.assigned_attrs):
                continue
            decoded = facts.decoded
            for qualname, _ in facts.functions_where("writes-attribute", status_names):
                candidates.add((module, qualname))
            if not decoded:
                facts.forget()
        names = {"setattr", "values"}
        for keys in self.data.model_names.values():
            for key in keys:
                names.add(key.rpartition(":")[2].rpartition(".")[2])
        self.graph.prefetch(sorted(names))
        for name in names:
            for site in self.graph.sites(name):
                if site.kind == "call":
                    candidates.add(site.caller)
        writes: list[Hit] = []
        for key in sorted(candidates):
            writes.extend(self.function_writes(key))
        for model, columns in self.data.columns.items():
            for column in columns.values():
                if (
                    column.default is not None
                    and _status_value(column.default)
                    and self.data.is_status(column)
                ):
                    module = model.partition(":")[0]
                    writes.append(
                        Hit(
                            model,
                            column.name,
                            column.default,
                            module,
                            MODULE_SCOPE,
                            column.line,
                            "default",
                        )
                    )
        return writes


def _dict_pairs(value: Value) -> Iterator[tuple[str, Value]]:
    if not isinstance(value, Mapping):
        return
    for key, item in value.pairs:
        match key:
            case Const(str() as name) | ColumnValue(_, name):
                yield name, item


def _names(expr: object) -> Iterator[str]:
    return (node[1] for node in walk(expr) if node[0] == "n")


def same_status(a: Hit | Value, b: Hit | Value) -> bool:
    """Whether two status values are the same value of the same enum (or equal literals)."""
    left = a.value if isinstance(a, Hit) else a
    right = b.value if isinstance(b, Hit) else b
    if isinstance(left, ENUM_VALUES) and isinstance(right, ENUM_VALUES):
        return left.key == right.key and left.member == right.member
    return status_literal(left) is not None and status_literal(left) == status_literal(right)


def status_literal(value: Value, enums: dict | None = None) -> object:
    match value:
        case Const(literal):
            return literal
        case Setting(_, default):
            return status_literal(default)
    return None


def is_queue_value(hit: Hit) -> bool:
    text = hit.member or (str(hit.value.value) if isinstance(hit.value, Const) else "")
    return bool(QUEUE_WORDS.search(text))
