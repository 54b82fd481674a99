"""Module imports: the edges, the modules that do not exist, and reachability."""

from __future__ import annotations

import re
import sys
from collections import deque
from dataclasses import dataclass, field

from ..parse.facts import MODULE_SCOPE, TYPE_CHECKING, dotted
from ..records import ImportRecord
from .project import Env, Project
from .values import External, Instance

FASTAPI_APPS = frozenset(
    {
        "fastapi.FastAPI",
        "fastapi.applications.FastAPI",
        "starlette.applications.Starlette",
    }
)
APP_CLASSES = frozenset(External(name) for name in FASTAPI_APPS)
APP_CLASS_NAME = re.compile(r"^(FastAPI|Starlette)$")


#: Callees that can create the application: the classes, or a factory named like one.
APP_FACTORY_NAME = re.compile(r"^(FastAPI|Starlette)$|app", re.IGNORECASE)


@dataclass(frozen=True)
class MissingImport:
    source: str
    line: int
    target: str
    symbol: str
    """Function holding the import (``<module>`` for a top-level one)."""
    reason: str


@dataclass
class ImportGraph:
    records: list[ImportRecord] = field(default_factory=list)
    missing: list[MissingImport] = field(default_factory=list)
    edges: dict[str, set[str]] = field(default_factory=dict)
    """Runtime edges between project modules (no ``TYPE_CHECKING`` imports)."""
    all_edges: dict[str, set[str]] = field(default_factory=dict)
    """Every edge between project modules, whatever its kind."""


def build_import_graph(project: Project) -> ImportGraph:
    graph = ImportGraph()
    seen: set[tuple[str, str, int, str]] = set()
    for module in sorted(project.modules):
        facts = project.modules[module]
        for fact in facts.imports:
            if fact.level and project.absolute(module, fact.level, fact.module) is None:
                graph.missing.append(
                    MissingImport(
                        module,
                        fact.line,
                        "." * fact.level + (fact.module or ""),
                        fact.scope,
                        "relative import beyond the top-level package",
                    )
                )
                continue
            for imported in project.imported_modules(module, fact):
                target = sys.intern(imported)  # one string per module, not one per import
                internal = project.is_project(target) or bool(fact.level)
                exists = target in project.packages or not internal
                key = (module, target, fact.line, fact.kind)
                if key in seen:
                    continue
                seen.add(key)
                graph.records.append(
                    ImportRecord(module, target, fact.line, fact.kind, internal, exists)
                )
                if internal and not exists:
                    graph.missing.append(
                        MissingImport(
                            module, fact.line, target, fact.scope, f"no module named {target!r}"
                        )
                    )
                if internal and exists and target != module:
                    graph.all_edges.setdefault(module, set()).add(target)
                    if fact.kind != TYPE_CHECKING:
                        graph.edges.setdefault(module, set()).add(target)
            if fact.names:
                _check_names(project, module, fact, graph)
    return graph


def _check_names(project: Project, module: str, fact, graph: ImportGraph) -> None:
    """``from x import name`` where ``x`` exists but ``name`` is neither in it nor a submodule."""
    base = project.absolute(module, fact.level, fact.module)
    if base is None or base not in project.modules or project.modules[base].error:
        return
    facts = project.modules[base]
    for name, _ in fact.names:
        if name == "*" or facts.binds(name) or f"{base}.{name}" in project.packages:
            continue
        if project.module_binding(base, name):
            continue  # bound in a way the header does not list (a loop, a ``with``)
        if _star_imports(project, base):
            continue  # the name may come through ``from y import *``
        if project.modules[base].is_package or fact.module is None:
            graph.missing.append(
                MissingImport(
                    module,
                    fact.line,
                    f"{base}.{name}",
                    fact.scope,
                    f"no module or name {name!r} in {base!r}",
                )
            )
        else:
            graph.missing.append(
                MissingImport(
                    module, fact.line, f"{base}.{name}", fact.scope, f"{base!r} defines no {name!r}"
                )
            )


def _star_imports(project: Project, module: str) -> bool:
    return any(name == "*" for fact in project.modules[module].imports for name, _ in fact.names)


def detect_entry_points(project: Project) -> list[str]:
    """Modules that create the web application (``app = FastAPI(...)``) at import time;
    without one, modules with a function that creates it (a factory a server calls,
    ``uvicorn.run("app.main:create_app", factory=True)``)."""
    return _module_level_apps(project) or _factory_apps(project)


def _factory_apps(project: Project) -> list[str]:
    found = []
    for module in sorted(project.modules):
        facts = project.modules[module]
        if not any(APP_CLASS_NAME.search(name) for name in facts.call_names):
            continue
        for qualname, function in facts.functions.items():
            if qualname != MODULE_SCOPE and any(
                _makes_app(project, module, qualname, stmt) for stmt in function.stmts
            ):
                found.append(module)
                break
    return found


def _makes_app(project: Project, module: str, qualname: str, stmt: tuple) -> bool:
    """Whether a statement assigns or returns a new application."""
    if stmt[0] == "assign":
        value = stmt[4]
    elif stmt[0] == "return":
        value = stmt[3]
    else:
        return False
    if value is None or value[0] != "k":
        return False
    made = project.evaluate(value, Env(module, qualname, stmt[1]))
    return isinstance(made, Instance) and made.cls in APP_CLASSES


def _module_level_apps(project: Project) -> list[str]:
    found = []
    for module in sorted(project.modules):
        facts = project.modules[module]
        if not any(APP_FACTORY_NAME.search(name) for name in facts.call_names):
            continue  # the header says no call could make an application
        scope = facts.function(MODULE_SCOPE)
        if scope is None:
            continue
        for stmt in scope.stmts:
            if stmt[0] != "assign" or stmt[4][0] != "k":
                continue
            callee = dotted(stmt[4][1]) or ""
            if not APP_FACTORY_NAME.search(callee.rpartition(".")[2]):
                continue  # only FastAPI(...), Starlette(...) or an app factory can make one
            value = project.evaluate(stmt[4], Env(module, MODULE_SCOPE, stmt[1]))
            if isinstance(value, Instance) and value.cls in APP_CLASSES:
                found.append(module)
                break
    return found


def reachable_modules(project: Project, graph: ImportGraph, entries: list[str]) -> set[str]:
    """Modules run when the entry points are imported (function-level imports included)."""
    reached: set[str] = set()
    queue = deque(entry for entry in entries if entry in project.modules)

    def add(name: str) -> None:
        if name in reached:
            return
        reached.add(name)
        queue.append(name)
        parts = name.split(".")
        for index in range(1, len(parts)):
            parent = ".".join(parts[:index])
            if parent in project.modules and parent not in reached:
                reached.add(parent)
                queue.append(parent)

    for entry in list(queue):
        add(entry)
    while queue:
        current = queue.popleft()
        for target in graph.edges.get(current, ()):
            add(target)
    return reached


def closure(edges: dict[str, set[str]], start: str) -> set[str]:
    """Every project module ``start`` imports, directly or not (``start`` excluded)."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        for target in edges.get(stack.pop(), ()):
            if target not in seen and target != start:
                seen.add(target)
                stack.append(target)
    return seen
