"""The whole tree at once: names resolved across modules, values evaluated statically.

:class:`Project` answers "what is this name, here?" and "what value does this expression
have, as far as the code says?" for any expression in the facts. The answers are the
records of :mod:`.values`; what the resolver knows about pydantic, SQLAlchemy and the
environment readers is in :mod:`.frameworks`.

It is long because resolving a name and evaluating a value call each other at every step
(an attribute needs the value of its base, a value the binding of its name): one recursive
evaluator over all the kinds of value above.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..parse.facts import (
    MODULE_SCOPE,
    ClassFacts,
    Expr,
    FunctionFacts,
    ImportFact,
    ModuleFacts,
    call_kwarg,
    dotted,
    iter_calls,
)
from ..parse.statements import ASSIGN, DEF, IMPORT
from ..parse.text import expr_text
from . import frameworks
from .values import (
    UNKNOWN,
    Bound,
    Class,
    Column,
    Const,
    EnumMember,
    External,
    Function,
    Instance,
    Items,
    Mapping,
    Missing,
    MissingMember,
    Module,
    OneOf,
    Param,
    Setting,
    Unknown,
    Value,
)

BUILTIN_NAMES = frozenset(dir(builtins))
MAX_EVAL_DEPTH = 12
#: The longest method resolution order kept once worked out (see :meth:`Project.mro`).
MAX_MRO = 256


def unknown(expr: Expr | None) -> Unknown:
    return Unknown(expr_text(expr) if expr is not None else "")


@dataclass(frozen=True)
class Env:
    """Where an expression is evaluated: module, function scope, line, known arguments."""

    module: str
    scope: str = MODULE_SCOPE
    line: float = 0
    """Bindings made after this line are not seen (``n - 0.5``: before statement n)."""
    bindings: MappingABC[str, Value] | None = None
    """Values of parameters (or loop variables) fixed by a call site or an unrolled loop."""

    def at(self, line: float) -> Env:
        return Env(self.module, self.scope, line, self.bindings)

    def with_bindings(self, bindings: MappingABC[str, Value]) -> Env:
        merged = dict(self.bindings or {})
        merged.update(bindings)
        return Env(self.module, self.scope, self.line, merged)

    def key(self) -> tuple[Any, ...]:
        bound = tuple(sorted((name, repr(value)) for name, value in (self.bindings or {}).items()))
        return (self.module, self.scope, self.line, bound)


@dataclass(slots=True)
class Binding:
    kind: str
    """``import`` (an ImportFact + name), ``def``, ``assign``, ``param``, ``loop``, ``with``."""
    line: int
    data: Any
    ctx: int = 0


@dataclass
class Project:
    """Every module of the tree, and the queries that need more than one of them."""

    modules: MappingABC[str, ModuleFacts]
    _module_bindings: dict[str, dict[str, list[Binding]]] = field(default_factory=dict)
    _local_bindings: dict[tuple[str, str], dict[str, list[Binding]]] = field(default_factory=dict)
    _var_cache: dict[tuple[Any, ...], Value] = field(default_factory=dict)
    _evaluating: set[tuple[Any, ...]] = field(default_factory=set)
    _cuts: int = 0
    """How many evaluations were cut short so far (a cycle, the depth limit): a value worked
    out with no cut is the same whenever it is asked for again, and can be kept."""
    _kept: dict[tuple[Any, ...], Value] = field(default_factory=dict)
    """Values kept by :meth:`_keep`: parameters' and ``self.x`` attributes'."""
    _mro_cache: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)
    _class_kind_cache: dict[tuple[str, str], str] = field(default_factory=dict)
    _bases_cache: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    _base_values_cache: dict[tuple[str, str], list[Value]] = field(default_factory=dict)
    _table_cache: dict[tuple[str, str], bool] = field(default_factory=dict)
    _member_cache: dict[tuple[str, str, str], tuple[Any, ...] | None] = field(default_factory=dict)
    _self_assign_cache: dict[tuple[str, str, str], tuple[str, str, Expr, int] | None] = field(
        default_factory=dict
    )

    # -- modules --------------------------------------------------------------------------

    @cached_property
    def packages(self) -> frozenset[str]:
        """Every module name and every package prefix (namespace packages included)."""
        names: set[str] = set()
        for name in self.modules:
            parts = name.split(".")
            for index in range(1, len(parts) + 1):
                names.add(".".join(parts[:index]))
        return frozenset(names)

    @cached_property
    def top_names(self) -> frozenset[str]:
        return frozenset(name.split(".")[0] for name in self.modules if name)

    def is_project(self, dotted_name: str) -> bool:
        return dotted_name.split(".", maxsplit=1)[0] in self.top_names

    def base_package(self, module: str) -> str:
        facts = self.modules.get(module)
        if facts is not None and facts.is_package:
            return module
        return module.rpartition(".")[0]

    def absolute(self, module: str, level: int, name: str | None) -> str | None:
        """The absolute module named by an import statement in ``module``."""
        if level == 0:
            return name
        base = self.base_package(module)
        parts = base.split(".") if base else []
        up = level - 1
        if up > len(parts):
            return None
        parts = parts[: len(parts) - up] if up else parts
        if name:
            parts = [*parts, *name.split(".")]
        return ".".join(parts) if parts else None

    def import_targets(self, module: str, fact: ImportFact) -> list[tuple[str, str, str | None]]:
        """``(bound name, target module, imported attribute)`` for one import statement.

        ``from a import b`` gives ``("b", "a", "b")`` (``b`` may be a submodule or a
        name in ``a``); ``import a.b`` gives ``("a", "a", None)`` and
        ``import a.b as c`` gives ``("c", "a.b", None)``.
        """
        if not fact.names:
            target = fact.module or ""
            if fact.alias:
                return [(fact.alias, target, None)]
            return [(target.split(".")[0], target.split(".")[0], None)]
        base = self.absolute(module, fact.level, fact.module)
        if base is None:
            return []
        return [(asname or name, base, name) for name, asname in fact.names if name != "*"]

    def imported_modules(self, module: str, fact: ImportFact) -> list[str]:
        """The project or external modules an import statement loads (submodules resolved)."""
        if not fact.names:
            return [fact.module] if fact.module else []
        base = self.absolute(module, fact.level, fact.module)
        if base is None:
            return []
        loaded = [base]
        for name, _ in fact.names:
            if name != "*" and f"{base}.{name}" in self.packages:
                loaded.append(f"{base}.{name}")
        return loaded

    # -- bindings -------------------------------------------------------------------------

    def _collect(self, module: str, scope: FunctionFacts) -> dict[str, list[Binding]]:
        facts = self.modules[module]
        table: dict[str, list[Binding]] = {}

        def bind(name: str, binding: Binding) -> None:
            table.setdefault(name, []).append(binding)

        for param_name, annotation, default in scope.params:
            bind(
                param_name.lstrip("*"),
                Binding("param", scope.line, (param_name, annotation, default)),
            )
        for index, ctx in enumerate(scope.ctxs):
            if ctx[1] == "for":
                for name, path in _target_paths(ctx[2]):
                    bind(name, Binding("loop", scope.line, (index, path), index))
        for stmt in scope.stmts:
            kind = stmt[0]
            if kind == ASSIGN:
                for target in stmt[3]:
                    for name, path in _target_paths(target):
                        bind(name, Binding("assign", stmt[1], (stmt[4], path), stmt[2]))
            elif kind == IMPORT:
                fact = facts.imports[stmt[3]]
                for bound, target, attr in self.import_targets(module, fact):
                    bind(bound, Binding("import", stmt[1], (target, attr), stmt[2]))
            elif kind == DEF:
                qualname = stmt[3]
                bind(qualname.rpartition(".")[2], Binding("def", stmt[1], qualname, stmt[2]))
        for bindings in table.values():
            bindings.sort(key=lambda binding: binding.line)
        return table

    def module_binding(self, module: str, name: str) -> list[Binding] | None:
        """The module-level bindings of one name, or ``None``."""
        table = self._module_bindings.get(module)
        if table is None:
            facts = self.modules.get(module)
            scope = facts.function(MODULE_SCOPE) if facts else None
            table = self._collect(module, scope) if scope is not None else {}
            self._module_bindings[module] = table
        return table.get(name)

    def drop_function_caches(self) -> None:
        """Forget every function's bindings and the variables evaluated in them: they are
        worked out again if asked for (memory, not results)."""
        self._local_bindings.clear()
        self._var_cache.clear()
        self._kept.clear()

    def local_bindings(self, module: str, scope: str) -> dict[str, list[Binding]]:
        """The bindings of a function's own scope (for ``<module>``, :meth:`module_binding`)."""
        key = (module, scope)
        table = self._local_bindings.get(key)
        if table is None:
            function = self.modules[module].function(scope)
            table = self._collect(module, function) if function is not None else {}
            self._local_bindings[key] = table
        return table

    @staticmethod
    def _pick(bindings: list[Binding], line: float) -> Binding:
        """The binding in force at ``line``: the last one before it, else the first."""
        chosen = bindings[0]
        for binding in bindings:
            if line and binding.line > line:
                break
            chosen = binding
        return chosen

    # -- evaluation -----------------------------------------------------------------------

    def evaluate(self, expr: Expr | None, env: Env, depth: int = 0) -> Value:
        """The value of an expression, as far as the code tells statically."""
        if expr is None:
            return UNKNOWN
        if depth > MAX_EVAL_DEPTH:
            self._cuts += 1
            return unknown(expr)
        tag = expr[0]
        if tag == "c":
            return Const(expr[1])
        if tag == "n":
            return self.lookup(expr[1], env, depth + 1)
        if tag == "a":
            base = self.evaluate(expr[1], env, depth + 1)
            return self.attribute(base, expr[2], expr, depth + 1)
        if tag == "k":
            return self.call_value(expr, env, depth + 1)
        if tag == "l":
            return Items(tuple(self.evaluate(item, env, depth + 1) for item in expr[1]))
        if tag == "d":
            pairs: list[tuple[Value, Value]] = []
            for key, value in zip(expr[1], expr[2], strict=False):
                if key is None:
                    spread = self.evaluate(value, env, depth + 1)
                    if isinstance(spread, Mapping):
                        pairs.extend(spread.pairs)
                    continue
                pairs.append(
                    (self.evaluate(key, env, depth + 1), self.evaluate(value, env, depth + 1))
                )
            return Mapping(tuple(pairs))
        if tag == "s":
            container = self.evaluate(expr[1], env, depth + 1)
            index = self.evaluate(expr[2], env, depth + 1)
            match container, index:
                case External(frameworks.ENVIRON), Const(str() as name):
                    return Setting(name, UNKNOWN)
            return subscript(container, index, expr)
        if tag == "b":
            return arithmetic(
                expr[1],
                self.evaluate(expr[2], env, depth + 1),
                self.evaluate(expr[3], env, depth + 1),
                expr,
            )
        if tag == "fs":
            return self._fstring(expr, env, depth)
        if tag == "u" and expr[1] == "-":
            match self.evaluate(expr[2], env, depth + 1):
                case Const(int() | float() as number):
                    return Const(-number)
        if tag == "bo" and expr[1] == "or":
            # ``settings.X or 5``: the first value the code can know
            value = UNKNOWN
            for item in expr[2]:
                value = self.evaluate(item, env, depth + 1)
                if isinstance(value, Setting) or (isinstance(value, Const) and value.value):
                    return value
            if isinstance(value, (Instance, Class, Function)):
                # ``repo or JobRepository(session)``: the object made when none is given
                return value
        return unknown(expr)

    def _fstring(self, expr: Expr, env: Env, depth: int) -> Value:
        """``f"{settings.API_V1_STR}/users"``: the text when every part is known (a setting
        by its default, kept as a setting derived from it)."""
        text: list[str] = []
        setting: Setting | None = None
        for part in expr[1]:
            value = self.evaluate(part, env, depth + 1)
            if isinstance(value, Setting):
                setting = setting or value
                value = value.default
            if not isinstance(value, Const) or isinstance(value.value, bytes):
                return unknown(expr)
            text.append(value.value if isinstance(value.value, str) else repr(value.value))
        joined = Const("".join(text))
        if setting is not None:
            return Setting(setting.name, joined, setting.key, expr_text(expr))
        return joined

    def lookup(self, name: str, env: Env, depth: int = 0) -> Value:
        if env.bindings and name in env.bindings:
            return env.bindings[name]
        facts = self.modules.get(env.module)
        if facts is None:
            return Unknown(name)
        scope_name: str | None = env.scope
        line = env.line
        while scope_name and scope_name != MODULE_SCOPE:
            table = self.local_bindings(env.module, scope_name)
            if name in table:
                binding = self._pick(table[name], line)
                return self._binding_value(
                    name, binding, Env(env.module, scope_name, line, env.bindings), depth
                )
            function = facts.function(scope_name)
            scope_name = function.parent if function is not None else None
            line = 0
        bindings = self.module_binding(env.module, name)
        if bindings:
            binding = self._pick(bindings, 0 if env.scope != MODULE_SCOPE else env.line)
            return self._binding_value(name, binding, Env(env.module), depth)
        if name in BUILTIN_NAMES:
            return External("builtins." + name)
        return Unknown(name)

    def _binding_value(self, name: str, binding: Binding, env: Env, depth: int) -> Value:
        kind = binding.kind
        if kind == "import":
            target, attr = binding.data
            return self.import_value(target, attr, depth + 1)
        if kind == "def":
            qualname = binding.data
            facts = self.modules[env.module]
            if facts.defines_class(qualname):
                return Class(env.module, qualname)
            return Function(env.module, qualname)
        if kind == "param":
            return self.param_value(env, binding.data, depth + 1)
        if kind == "assign":
            value_expr, path = binding.data
            key = (
                "assign",
                env.module,
                env.scope,
                name,
                binding.line,
                env.key() if env.bindings else None,
            )
            cached = self._var_cache.get(key)
            if cached is not None:
                return cached
            if key in self._evaluating:
                self._cuts += 1
                return Unknown(name)
            self._evaluating.add(key)
            try:
                # the right-hand side sees the bindings made before this statement
                value = self.evaluate(value_expr, env.at(binding.line - 0.5), depth + 1)
                for step in path:
                    value = subscript(value, Const(step), value_expr)
            finally:
                self._evaluating.discard(key)
            self._var_cache[key] = value
            return value
        if kind == "loop":
            ctx_index, path = binding.data
            facts = self.modules[env.module]
            function = facts.function(env.scope)
            iterable = self.evaluate(function.ctxs[ctx_index][3], env, depth + 1)
            items = iteration_items(iterable)
            if items is None:
                return Unknown(name)
            values = []
            for item in items:
                value = item
                for step in path:
                    value = subscript(value, Const(step), None)
                values.append(value)
            return OneOf(tuple(values))
        return Unknown(name)

    def param_value(
        self, env: Env, param: tuple[str, Expr | None, Expr | None], depth: int
    ) -> Value:
        key = ("param", env.module, env.scope, param[0], depth)
        kept = self._kept.get(key)
        if kept is not None:
            return kept
        cuts = self._cuts
        value = self._param_value(env, param, depth)
        self._keep(key, value, cuts)
        return value

    def _keep(self, key: tuple[Any, ...], value: Value, cuts: int) -> None:
        """Keep a value worked out with no cut since ``cuts`` (see :attr:`_cuts`), until
        :meth:`drop_function_caches`: asked again, the evaluation would take the same steps
        through the same cached variables (none of them can be in evaluation then)."""
        if self._cuts == cuts:
            self._kept[key] = value

    def _param_value(
        self, env: Env, param: tuple[str, Expr | None, Expr | None], depth: int
    ) -> Value:
        name, annotation, _default = param
        function = self.modules[env.module].function(env.scope)
        if (
            function is not None
            and function.class_name
            and function.params
            and function.params[0][0] == name
        ):
            class_value = Class(env.module, function.class_name)
            if any(
                dotted(decorator) in ("classmethod", "staticmethod")
                for decorator in function.decorators
            ):
                return class_value
            return Instance(class_value)
        if annotation is not None:
            annotated = self.annotation_class(annotation, Env(env.module, env.scope), depth + 1)
            if annotated is not None:
                return Instance(annotated)
        return Param(env.module, env.scope, name.lstrip("*"))

    def annotation_class(self, annotation: Expr, env: Env, depth: int = 0) -> Value | None:
        """The class an annotation names (``X``, ``Optional[X]``, ``X | None``, ``"X"``)."""
        if annotation[0] == "c" and isinstance(annotation[1], str):
            name = annotation[1].strip()
            if not name.replace(".", "").replace("_", "").isalnum():
                return None
            parts = name.split(".")
            annotation = ("n", parts[0])
            for part in parts[1:]:
                annotation = ("a", annotation, part)
        if annotation[0] == "s":
            outer = self.evaluate(annotation[1], env, depth + 1)
            if isinstance(outer, External) and outer.dotted in frameworks.TYPE_WRAPPERS:
                inner = annotation[2]
                if inner[0] == "l":
                    inner = inner[1][0] if inner[1] else None
                return self.annotation_class(inner, env, depth + 1) if inner else None
            return None
        if annotation[0] == "b" and annotation[1] == "|":
            for side in (annotation[2], annotation[3]):
                if side != ("c", None):
                    found = self.annotation_class(side, env, depth + 1)
                    if found is not None:
                        return found
            return None
        value = self.evaluate(annotation, env, depth + 1)
        return value if isinstance(value, (Class, External)) else None

    def import_value(self, target: str, attr: str | None, depth: int = 0) -> Value:
        if attr is None:
            return Module(target) if target in self.packages else External(target)
        full = f"{target}.{attr}"
        if full in self.packages:
            return Module(full)
        if target in self.modules:
            return self.module_member(target, attr, depth + 1)
        if target in self.packages:  # namespace package without the submodule
            return Missing(full)
        if self.is_project(target):
            return Missing(full)
        return External(full)

    def module_member(self, module: str, name: str, depth: int = 0) -> Value:
        if depth > MAX_EVAL_DEPTH:
            self._cuts += 1
            return Unknown(f"{module}.{name}")
        submodule = f"{module}.{name}"
        bindings = self.module_binding(module, name)
        if bindings:
            return self._binding_value(name, self._pick(bindings, 0), Env(module), depth + 1)
        if submodule in self.packages:
            return Module(submodule)
        if module in self.modules and self.modules[module].error is None:
            return Missing(submodule)
        return Unknown(submodule)

    def attribute(self, base: Value, attr: str, expr: Expr | None = None, depth: int = 0) -> Value:
        match base:
            case Module(name):
                return self.module_member(name, attr, depth + 1)
            case External(name):
                return External(f"{name}.{attr}")
            case Class():
                return self.class_attribute(base, attr, depth + 1)
            case Instance(Class() as cls):
                if self.class_kind(cls) == "settings":
                    setting = self.setting_of(cls, attr)
                    if setting is not None:
                        return setting
                return self.class_attribute(cls, attr, depth + 1, instance=base)
            case Setting(name, Instance(Class()) as group, key):
                # nested settings (``settings.jobs.review_interval``): a setting of the
                # group's model, named by its path
                inner = self.attribute(group, attr, expr, depth + 1)
                if isinstance(inner, Setting):
                    return Setting(f"{name}.{inner.name}", inner.default, inner.key or key)
                if isinstance(inner, (Const, Items, EnumMember)):
                    return Setting(f"{name}.{attr}", inner, key)
                return Bound(base, attr)
            case EnumMember() | MissingMember() if attr in ("value", "name"):
                return base
            case OneOf(values):
                return OneOf(tuple(self.attribute(item, attr, expr, depth + 1) for item in values))
            case (
                Instance()
                | EnumMember()
                | MissingMember()
                | Setting()
                | Mapping()
                | Items()
                | Const()
                | Bound()
                | Param()
                | Function()
            ):
                return Bound(base, attr)
        return Unknown(expr_text(expr) if expr is not None else attr)

    def class_attribute(
        self, cls: Class, attr: str, depth: int = 0, instance: Value | None = None
    ) -> Value:
        module, qualname = cls.module, cls.qualname
        member = self._class_member(module, qualname, attr)
        if member is not None:
            kind, base_module, name = member[:3]
            if kind == "function":
                return Function(base_module, name)
            if kind == "class":
                return Class(base_module, name)
            base_qualname = name
            line, annotation, value = member[3:]
            if self.class_kind(Class(base_module, base_qualname)) == "enum":
                return EnumMember(f"{base_module}:{base_qualname}", attr)
            if self.class_kind(cls) == "model" and (
                frameworks.is_column(annotation, value)
                or (
                    annotation is not None
                    and self.external_bases(module, qualname) & frameworks.ANNOTATED_COLUMNS_BASES
                )
            ):
                return Column(f"{module}:{qualname}", attr)
            if value is None:
                return Unknown(f"{base_qualname}.{attr}")
            return self.evaluate(value, Env(base_module, MODULE_SCOPE, line), depth + 1)
        if (
            self.class_kind(cls) == "enum"
            and attr not in frameworks.ENUM_API
            and not attr.startswith("_")
        ):
            return MissingMember(f"{module}:{qualname}", attr)
        if instance is not None:
            assigned = self.instance_attribute(module, qualname, attr, depth + 1)
            if assigned is not None:
                return assigned
        return Bound(instance or cls, attr)

    def _class_member(self, module: str, qualname: str, attr: str) -> tuple[Any, ...] | None:
        """Where a class (or the nearest base) defines ``attr``: ``("function", module,
        qualname)``, ``("class", module, qualname)``, ``("attr", module, class qualname,
        line, annotation, value)`` for the last class-level assignment, or ``None``. The
        code only, no value: kept per class and name (asked again for every use)."""
        key = (module, qualname, attr)
        if key in self._member_cache:
            return self._member_cache[key]
        found: tuple[Any, ...] | None = None
        for base_module, base_qualname in self.mro(module, qualname):
            facts = self.modules[base_module]
            method = f"{base_qualname}.{attr}"
            if facts.function(method) is not None:
                found = ("function", base_module, method)
                break
            if facts.klass(method) is not None:
                found = ("class", base_module, method)
                break
            klass = facts.klass(base_qualname)
            assigned = [item for item in klass.attrs if item[0] == attr]
            if assigned:
                found = ("attr", base_module, base_qualname, *assigned[-1][1:])
                break
        self._member_cache[key] = found
        return found

    def instance_attribute(self, module: str, qualname: str, attr: str, depth: int) -> Value | None:
        """``self.attr = value`` in a method (``__init__`` first) of the class or a base."""
        assignment = self._self_assignment(module, qualname, attr)
        if assignment is None:
            return None
        key = ("self", module, qualname, attr, depth)
        kept = self._kept.get(key)
        if kept is not None:
            return kept
        cuts = self._cuts
        base_module, method, value_expr, line = assignment
        value = self.evaluate(value_expr, Env(base_module, method, line - 0.5), depth + 1)
        self._keep(key, value, cuts)
        return value

    def _self_assignment(
        self, module: str, qualname: str, attr: str
    ) -> tuple[str, str, Expr, int] | None:
        """The first ``self.attr = value`` in the methods (``__init__`` first) of a class or
        a base: ``(module, method, value, line)``. The code only: kept per class and name."""
        key = (module, qualname, attr)
        if key in self._self_assign_cache:
            return self._self_assign_cache[key]
        found = None
        for base_module, base_qualname in self.mro(module, qualname):
            facts = self.modules[base_module]
            klass = facts.klass(base_qualname)
            methods = sorted(klass.methods, key=lambda name: not name.endswith(".__init__"))
            for method in methods:
                function = facts.function(method)
                if function is None or not function.params:
                    continue
                owner = function.params[0][0]
                for stmt in function.stmts:
                    if stmt[0] != ASSIGN:
                        continue
                    if any(target == ("a", ("n", owner), attr) for target in stmt[3]):
                        found = (base_module, method, stmt[4], stmt[1])
                        break
                if found:
                    break
            if found:
                break
        self._self_assign_cache[key] = found
        return found

    def _project_bases(self, module: str, qualname: str) -> list[Value]:
        """The values of a class's bases, in order (evaluated once)."""
        key = (module, qualname)
        cached = self._base_values_cache.get(key)
        if cached is None:
            klass = self.modules[module].klass(qualname)
            cached = self._base_values_cache[key] = [
                self.evaluate(base, Env(module, MODULE_SCOPE, klass.line))
                for base in (klass.bases if klass is not None else ())
            ]
        return cached

    def _bases_first(self, key: tuple[str, str], cache: dict) -> list[tuple[str, str]]:
        """The classes from ``key`` down to its deepest project base that ``cache`` does
        not hold yet, each after its own bases (iterative: an inheritance chain may be
        thousands deep; a cycle is cut where it closes)."""
        order: list[tuple[str, str]] = []
        entered: set[tuple[str, str]] = set()
        stack: list[tuple[tuple[str, str], bool]] = [(key, False)]
        while stack:
            current, bases_done = stack.pop()
            if current in cache or (not bases_done and current in entered):
                continue
            if bases_done:
                order.append(current)
                continue
            entered.add(current)
            stack.append((current, True))
            for value in reversed(self._project_bases(*current)):
                if isinstance(value, Class):
                    base = (value.module, value.qualname)
                    if base not in cache and base not in entered:
                        stack.append((base, False))
        return order

    def _base_keys(self, key: tuple[str, str]) -> list[tuple[str, str]]:
        return [
            (value.module, value.qualname)
            for value in self._project_bases(*key)
            if isinstance(value, Class)
        ]

    def mro(self, module: str, qualname: str) -> list[tuple[str, str]]:
        """The class and its project base classes, nearest first (depth first, each class
        once). Worked out iteratively: an inheritance chain may be thousands deep. Kept
        for the classes with at most :data:`MAX_MRO` of them (a longer one is worked out
        again when asked: kept, a chain of n classes would hold n² entries)."""
        key = (module, qualname)
        cached = self._mro_cache.get(key)
        if cached is not None:
            return cached
        order: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        stack = [key]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            known = self._mro_cache.get(current)
            if known is not None and current != key:
                for item in known:
                    if item not in seen or item == current:
                        seen.add(item)
                        order.append(item)
                continue
            order.append(current)
            stack.extend(reversed(self._base_keys(current)))
        if len(order) <= MAX_MRO:
            self._mro_cache[key] = order
        return order

    def external_bases(self, module: str, qualname: str) -> set[str]:
        """Dotted names of the non-project classes a project class derives from (a called
        base, ``declarative_base()``, is written with ``()``): its own, and its project
        bases' (each class's worked out once)."""
        key = (module, qualname)
        cache = self._bases_cache
        if key not in cache:
            for current in self._bases_first(key, cache):
                names: set[str] = set()
                for value in self._project_bases(*current):
                    match value:
                        case External(name):
                            names.add(name)
                        case Instance(External(name)):
                            names.add(name + "()")
                        case Class(base_module, base_qualname):
                            names |= cache.get((base_module, base_qualname), set())
                cache[current] = names
        return cache[key]

    def _declares_table(self, module: str, qualname: str) -> bool:
        """Whether the class or a project base declares ``__tablename__``."""
        key = (module, qualname)
        cache = self._table_cache
        if key not in cache:
            for current in self._bases_first(key, cache):
                klass = self.modules[current[0]].klass(current[1])
                cache[current] = (
                    klass is not None and any(name == "__tablename__" for name, *_ in klass.attrs)
                ) or any(cache.get(base, False) for base in self._base_keys(current))
        return cache[key]

    def class_kind(self, cls: Class) -> str:
        """``enum``, ``settings``, ``model`` (SQLAlchemy), or ``class``."""
        key = (cls.module, cls.qualname)
        cached = self._class_kind_cache.get(key)
        if cached is not None:
            return cached
        self._class_kind_cache[key] = "class"
        kind = frameworks.class_kind(self.external_bases(*key), key[1], self._declares_table(*key))
        self._class_kind_cache[key] = kind
        return kind

    def setting_of(self, cls: Class, attr: str) -> Setting | None:
        for base_module, base_qualname in self.mro(cls.module, cls.qualname):
            klass = self.modules[base_module].klass(base_qualname)
            for name, line, _annotation, value in reversed(klass.attrs):
                if name == attr:
                    default = self.setting_default(value, Env(base_module, MODULE_SCOPE, line))
                    return Setting(attr, default, f"{base_module}:{base_qualname}")
        return None

    def setting_default(self, value: Expr | None, env: Env) -> Value:
        if value is None:
            return UNKNOWN
        if value[0] == "k":
            callee = self.evaluate(value[1], env)
            if isinstance(callee, External) and frameworks.is_field(callee.dotted):
                default = call_kwarg(value, "default")
                if default is None and value[2]:
                    default = value[2][0]
                factory = call_kwarg(value, "default_factory")
                if default is None and factory is not None:
                    # Field(default_factory=JobSettings): what calling the factory makes
                    return self.evaluate(("k", factory, [], [], value[4]), env)
                if default is None or default == ("n", "Ellipsis") or default == ("c", ...):
                    return UNKNOWN
                return self.evaluate(default, env)
        return self.evaluate(value, env)

    def call_value(self, call: Expr, env: Env, depth: int) -> Value:
        callee = self.evaluate(call[1], env, depth + 1)
        match callee:
            case External(name):
                if name in frameworks.CASTS and call[2]:
                    return cast(self.evaluate(call[2][0], env, depth + 1), frameworks.CASTS[name])
                if name == "builtins.getattr" and len(call[2]) >= 2:
                    return self._getattr_value(call, env, depth)
                if frameworks.is_env_reader(name):
                    return self.env_setting(call, env, depth)
                if frameworks.is_field(name):
                    default = call_kwarg(call, "default") or (call[2][0] if call[2] else None)
                    return self.evaluate(default, env, depth + 1) if default else unknown(call)
                return Instance(callee, call, env)
            case Class():
                return Instance(callee, call, env)
            case Function():
                return self.return_value(callee, call, env, depth + 1)
            case Instance(External(name)) if name in frameworks.CONFIG_READERS:
                return self.env_setting(call, env, depth)
            case Bound(Instance(External(name)), method) if name in frameworks.ENV_OBJECTS:
                value = self.env_setting(call, env, depth)
                caster = frameworks.ENV_OBJECT_CASTS.get(method)
                return cast(value, caster) if caster else value
            case Bound(Mapping() | Items(), "items" | "values" | "keys"):
                return callee
            case Bound(External(frameworks.ENVIRON), "get") if call[2]:
                return self.env_setting(call, env, depth)
        return unknown(call)

    def _getattr_value(self, call: Expr, env: Env, depth: int) -> Value:
        """``getattr(obj, "name"[, default])``."""
        target = self.evaluate(call[2][0], env, depth + 1)
        match self.evaluate(call[2][1], env, depth + 1):
            case Const(str() as attr):
                value = self.attribute(target, attr, call, depth + 1)
                if isinstance(value, (Bound, Unknown)) and len(call[2]) >= 3:
                    return self.evaluate(call[2][2], env, depth + 1)
                return value
        return unknown(call)

    def env_setting(self, call: Expr, env: Env, depth: int) -> Value:
        """``os.getenv("X", "5")`` / ``config("X", default=5, cast=int)``: a setting."""
        if not call[2]:
            return unknown(call)
        name_value = self.evaluate(call[2][0], env, depth + 1)
        if not (isinstance(name_value, Const) and isinstance(name_value.value, str)):
            return unknown(call)
        default_expr = call_kwarg(call, "default")
        if default_expr is None and len(call[2]) > 1:
            default_expr = call[2][1]
        default = self.evaluate(default_expr, env, depth + 1) if default_expr else UNKNOWN
        cast_expr = call_kwarg(call, "cast")
        if cast_expr is not None:
            match self.evaluate(cast_expr, env, depth + 1):
                case External(name) if name in frameworks.CASTS:
                    default = cast(default, frameworks.CASTS[name])
        return Setting(name_value.value, default)

    def return_value(self, function: Function, call: Expr, env: Env, depth: int) -> Value:
        """What a small project function returns (``get_settings()`` -> ``Settings()``)."""
        facts = self.modules.get(function.module)
        target = facts.function(function.qualname) if facts else None
        if target is None:
            return unknown(call)
        if depth > MAX_EVAL_DEPTH // 2:
            self._cuts += 1
            return unknown(call)
        for stmt in target.stmts:
            if stmt[0] == "return" and stmt[3] is not None:
                value = self.evaluate(
                    stmt[3], Env(function.module, target.qualname, stmt[1]), depth + 1
                )
                if not isinstance(value, (Unknown, Param)):
                    return value
        return unknown(call)

    def assigned_expr(self, name: str, env: Env) -> tuple[Expr, Env] | None:
        """The expression last assigned to a plain variable in scope, without evaluating it."""
        facts = self.modules.get(env.module)
        if facts is None:
            return None
        scope_name: str | None = env.scope
        line = env.line
        while scope_name:
            bindings = (
                self.module_binding(env.module, name)
                if scope_name == MODULE_SCOPE
                else self.local_bindings(env.module, scope_name).get(name)
            )
            if bindings:
                binding = self._pick(bindings, line)
                if binding.kind == "assign" and not binding.data[1]:
                    return binding.data[0], Env(
                        env.module, scope_name, binding.line - 0.5, env.bindings
                    )
                return None
            if scope_name == MODULE_SCOPE:
                return None
            function = facts.function(scope_name)
            scope_name = (function.parent or MODULE_SCOPE) if function is not None else None
            line = 0
        return None

    # -- calls made by a function ----------------------------------------------------------

    def calls_in(self, module: str, scope: str) -> Iterator[tuple[int, int, Expr]]:
        """``(line, ctx, call)`` for every call in one function body (nested calls too)."""
        function = self.modules[module].function(scope)
        if function is None:
            return
        for stmt in function.stmts:
            kind = stmt[0]
            if kind == "expr" or kind == "return" or kind == "raise":
                payload: Any = stmt[3]
            elif kind == "assign":
                payload = [stmt[4], stmt[3]]
            else:
                continue
            for call in iter_calls(payload):
                yield (call[4], stmt[2], call)

    def class_facts(self, cls: Class) -> ClassFacts | None:
        facts = self.modules.get(cls.module)
        return facts.klass(cls.qualname) if facts else None


def cast(value: Value, kind: type) -> Value:
    match value:
        case Const(literal) if literal is not None:
            try:
                return Const(kind(literal))
            except (TypeError, ValueError):
                return value
        case Setting(name, default, key, derived):
            return Setting(name, cast(default, kind), key, derived)
    return value


def number_of(value: Value) -> float | int | None:
    """The number a value is (a setting's: its default's), else ``None``."""
    match value:
        case Const(bool()):
            return None
        case Const(int() | float() as number):
            return number
        case Setting(_, default):
            return number_of(default)
    return None


def arithmetic(op: str, left: Value, right: Value, expr: Expr) -> Value:
    a, b = number_of(left), number_of(right)
    if a is None or b is None:
        match left, right:
            case Const(str() as first), Const(str() as second) if op == "+":
                return Const(first + second)
        return unknown(expr)
    try:
        result = {
            "+": lambda: a + b,
            "-": lambda: a - b,
            "*": lambda: a * b,
            "/": lambda: a / b,
            "//": lambda: a // b,
            "%": lambda: a % b,
            "**": lambda: a**b if abs(b) < 64 else None,
        }[op]()
    except (KeyError, ZeroDivisionError, OverflowError):
        return unknown(expr)
    if result is None:
        return unknown(expr)
    settings = [value for value in (left, right) if isinstance(value, Setting)]
    if settings:
        # keep where the number comes from: a setting scaled by a constant
        return Setting(settings[0].name, Const(result), settings[0].key, expr_text(expr))
    return Const(result)


def subscript(container: Value, index: Value, expr: Expr | None) -> Value:
    if not isinstance(index, Const):
        return unknown(expr)
    key = index.value
    match container:
        case Items(items) if isinstance(key, int) and not isinstance(key, bool):
            if -len(items) <= key < len(items):
                return items[key]
        case Mapping(pairs):
            for item_key, item_value in pairs:
                if isinstance(item_key, Const) and item_key.value == key:
                    return item_value
        case OneOf(values):
            return OneOf(tuple(subscript(item, index, expr) for item in values))
    return unknown(expr)


def iteration_items(iterable: Value) -> list[Value] | None:
    """Items of a literal collection (dict: its keys; ``d.items()``: key/value pairs)."""
    match iterable:
        case Items(items):
            return list(items)
        case Mapping(pairs):
            return [key for key, _ in pairs]
        case Bound(Mapping(pairs), "items"):
            return [Items((key, value)) for key, value in pairs]
        case Bound(Mapping(pairs), "values"):
            return [value for _, value in pairs]
        case Bound(Mapping(pairs), "keys"):
            return [key for key, _ in pairs]
    return None


def _target_paths(target: Expr) -> list[tuple[str, tuple[int, ...]]]:
    """Names bound by an assignment target, with their position in a tuple unpacking."""
    if target[0] == "n":
        return [(target[1], ())]
    if target[0] == "l":
        found = []
        for position, item in enumerate(target[1]):
            if item[0] == "*":
                continue
            for name, path in _target_paths(item):
                found.append((name, (position, *path)))
        return found
    return []
