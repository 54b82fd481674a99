"""Who calls whom, resolved lazily: callees on demand, callers through a name index.

Resolving every call of a large tree is the expensive part of a call graph, and most of it
is never needed. Calls are indexed by the last name of their callee (``x.y.run`` -> ``run``)
in one cheap pass; the callers of a function are found by evaluating only the calls that
use its name.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..parse.facts import MODULE_SCOPE, Expr, last_name
from .project import Env, Project
from .values import Class, Function, OneOf, Value

#: How many calls up from a registering call an entry point is looked for.
MAX_CALL_DEPTH = 8

FuncKey = tuple[str, str]
"""``(module, qualname)`` of a project function (``<module>`` for a module body)."""


@dataclass(frozen=True, slots=True)
class Site:
    module: str
    scope: str
    line: int
    ctx: int
    call: Expr
    kind: str
    """``call`` when the function is called here, ``ref`` when it is passed as a value."""

    @property
    def caller(self) -> FuncKey:
        return (self.module, self.scope)


class CallGraph:
    def __init__(self, project: Project) -> None:
        self.project = project
        self._by_name: dict[str, list[str]] = {}
        self._sites: dict[str, list[Site]] = {}
        self._callees: dict[FuncKey, list[tuple[Site, Value]]] = {}
        self._callers: dict[FuncKey, list[Site]] = {}
        by_name = self._by_name
        for module, facts in project.modules.items():
            for name in facts.call_names:
                by_name.setdefault(name, []).append(module)

    def drop_sites(self) -> None:
        """Forget the call sites kept by name: found again if asked for."""
        self._sites.clear()

    def sites(self, name: str) -> list[Site]:
        """Calls of (``call``) and references to (``ref``) anything named ``name``."""
        found = self._sites.get(name)
        if found is None:
            found = self._sites[name] = list(self.iter_sites(name))
        return found

    def prefetch(self, names: Iterable[str]) -> None:
        """Find the sites of several names in one sweep, kept for :meth:`sites`: each
        module's call index is decoded once, not once per name it has."""
        wanted = [name for name in dict.fromkeys(names) if name not in self._sites]
        names_in: dict[str, list[str]] = {}
        for name in wanted:
            for module in self._by_name.get(name, ()):
                names_in.setdefault(module, []).append(name)
        found: dict[str, list[Site]] = {name: [] for name in wanted}
        # in the project's order, as :meth:`iter_sites` finds them
        for module, facts in self.project.modules.items():
            names = names_in.get(module)
            if names is None:
                continue
            for name, entries in zip(names, facts.calls_of_each(names), strict=True):
                found[name].extend(
                    Site(module, scope, line, ctx, call, kind)
                    for scope, line, ctx, call, kind in entries
                )
        self._sites.update(found)

    def iter_sites(self, name: str) -> Iterator[Site]:
        """The same, module by module and kept nowhere: for a name looked up once (an
        audit rule's ``execute``), so that its sites never all sit in memory together."""
        cached = self._sites.get(name)
        if cached is not None:
            yield from cached
            return
        modules = self.project.modules
        for module in self._by_name.get(name, ()):
            for scope, line, ctx, call, kind in modules[module].calls_of(name):
                yield Site(module, scope, line, ctx, call, kind)

    def env(self, site: Site) -> Env:
        return Env(site.module, site.scope, site.line)

    def callees(self, key: FuncKey) -> list[tuple[Site, Value]]:
        """Calls made by a function, each with the value its callee resolves to."""
        cached = self._callees.get(key)
        if cached is not None:
            return cached
        found: list[tuple[Site, Value]] = []
        module, scope = key
        for line, ctx, call in self.project.calls_in(module, scope):
            value = self.project.evaluate(call[1], Env(module, scope, line))
            found.append((Site(module, scope, line, ctx, call, "call"), value))
        self._callees[key] = found
        return found

    def callers(self, key: FuncKey) -> list[Site]:
        """Places that call (or pass along) a project function."""
        cached = self._callers.get(key)
        if cached is not None:
            return cached
        name = key[1].rpartition(".")[2]
        found: list[Site] = []
        seen: set[tuple[str, str, int, str]] = set()
        for site in self.sites(name):
            ident = (site.module, site.scope, site.line, site.kind)
            if ident in seen:
                continue
            if site.kind == "call":
                value = self.project.evaluate(site.call[1], self.env(site))
                if _is(value, key):
                    seen.add(ident)
                    found.append(site)
                continue
            if site.call[0] == "k":
                arguments = [*site.call[2], *(value for _, value in site.call[3])]
            else:
                arguments = [site.call]
            for argument in arguments:
                if last_name(argument) != name:
                    continue
                if _is(self.project.evaluate(argument, self.env(site)), key):
                    seen.add(ident)
                    found.append(site)
                    break
        self._callers[key] = found
        return found

    def is_used(self, key: FuncKey) -> bool:
        """Whether anything calls or references the function (methods also by name)."""
        if self.callers(key):
            return True
        qualname = key[1]
        function = self.project.modules[key[0]].function(qualname)
        if function is None:
            return False
        if function.class_name:
            name = function.name
            if name.startswith("__") and name.endswith("__"):
                return True
            # a method called on an instance whose class the analysis cannot see
            return any(site.kind == "call" and site.call[1][0] == "a" for site in self.sites(name))
        return False

    def path_up(
        self, start: FuncKey, is_root, max_depth: int = MAX_CALL_DEPTH
    ) -> list[Site] | None:
        """Shortest chain of call sites from a root down to ``start`` (root first)."""
        if is_root(start):
            return []
        queue: deque[tuple[FuncKey, list[Site]]] = deque([(start, [])])
        seen = {start}
        while queue:
            current, path = queue.popleft()
            if len(path) >= max_depth:
                continue
            for site in self.callers(current):
                caller = site.caller
                if caller in seen:
                    continue
                seen.add(caller)
                new_path = [site, *path]
                if is_root(caller):
                    return new_path
                queue.append((caller, new_path))
        return None

    def reachable_from(self, start: FuncKey, max_depth: int = 5) -> list[FuncKey]:
        """Project functions ``start`` calls, transitively (bounded), in discovery order."""
        order = [start]
        seen = {start}
        queue: deque[tuple[FuncKey, int]] = deque([(start, 0)])
        while queue:
            current, depth = queue.popleft()
            if depth >= max_depth:
                continue
            for _, value in self.callees(current):
                match value:
                    case Function(module, qualname):
                        key = (module, qualname)
                    case Class(module, qualname):
                        key = (module, qualname + ".__init__")
                    case _:
                        continue
                if key in seen or key[0] not in self.project.modules:
                    continue
                if self.project.modules[key[0]].function(key[1]) is None:
                    continue
                seen.add(key)
                order.append(key)
                queue.append((key, depth + 1))
        return order


def _is(value: Value, key: FuncKey) -> bool:
    match value:
        case Function(module, qualname):
            return (module, qualname) == key
        case OneOf(values):
            return any(_is(item, key) for item in values)
    return False


def module_scope(module: str) -> FuncKey:
    return (module, MODULE_SCOPE)
