"""What every kind of background service shares: the protocol a kind implements
(:class:`Kind`, ``find``), the raw service it produces, and :class:`ServiceFinder`, the
resolution every kind uses (where the application starts, registration chains, the
endpoints above a call, spawn sites, loops).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model.routes import RouteMap
from ..parse.facts import MODULE_SCOPE, Expr
from ..parse.text import expr_text
from ..records import ChainStep, Diagnostic, EndpointRef, Registration, Service, Trigger
from ..resolve.callgraph import CallGraph, FuncKey, Site
from ..resolve.conditions import condition_tests, conditions_at
from ..resolve.project import Env, Project
from ..resolve.project import number_of as number
from ..resolve.values import Const, External, Function, Items, Setting, Value, value_text

if TYPE_CHECKING:
    from ..model.statusflow import Flow, StatusFlow

SLEEPS = (External("asyncio.sleep"), External("time.sleep"))
OUTCOME = re.compile(r"^\s*(?:Business\s+)?Outcome\s*:\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Kind:
    """One kind of background service, as the catalog names it and the site shows it.

    A kind module defines ``KINDS`` (these), ``ORDER`` (when its ``find`` runs: the kinds
    that look at other services' work run last) and ``find(finder)``, which appends
    :class:`RawService` records to ``finder.services``.
    """

    name: str
    """The catalog's ``kind`` (``apscheduler-cron``): stable, used in ids and options."""
    title: str
    """How the site names it (``Scheduled job (cron)``)."""
    spawned: bool = False
    """Started wherever some code calls its spawner (a task, a thread), not registered
    once at start-up (a scheduled job, a loop): it has spawn sites, not a registration."""
    trigger_words: Callable[[Service], str | None] | None = None
    """How its trigger reads, when the words for its trigger type do not say it."""


@dataclass
class RawService:
    kind: str
    target: FuncKey
    trigger: Trigger
    registered: bool = False
    registration: Registration | None = None
    job_id: str | None = None
    name: str | None = None
    max_instances: Any = None
    coalesce: Any = None
    kwargs: dict[str, str] = field(default_factory=dict)
    bindings: dict[str, Value] = field(default_factory=dict)
    """Argument values the scheduler or spawner passes to the target."""
    spawn_sites: list[Site] = field(default_factory=list)
    endpoints: list[EndpointRef] = field(default_factory=list)
    loop_helper: FuncKey | None = None
    scheduler: tuple[str, int] | None = None
    """``(module, line)`` of the call that created the scheduler it is registered on."""
    site: tuple[str, str, int] = ("", "", 0)
    """Where it is registered or spawned: ``(module, function, line)``."""


@dataclass
class Roots:
    """Where the application starts running code: import time, lifespan, startup hooks."""

    reachable: set[str]
    lifespan: set[FuncKey] = field(default_factory=set)
    startup: set[FuncKey] = field(default_factory=set)

    def entry(self, key: FuncKey) -> str | None:
        if key in self.lifespan:
            return "lifespan"
        if key in self.startup:
            return "startup"
        if key[1] == MODULE_SCOPE and key[0] in self.reachable:
            return "import"
        return None


def find_roots(
    project: Project, graph: CallGraph, entries: list[str], reachable: set[str]
) -> Roots:
    roots = Roots(reachable)
    graph.prefetch(("FastAPI", "Starlette", "APIRouter", "add_event_handler"))
    for name in ("FastAPI", "Starlette", "APIRouter"):
        for site in graph.sites(name):
            if site.kind != "call" or site.module not in reachable:
                continue
            env = Env(site.module, site.scope, site.line)
            callee = project.evaluate(site.call[1], env)
            if not isinstance(callee, External) or callee.dotted.rpartition(".")[2] != name:
                continue
            for keyword, argument in site.call[3]:
                if keyword == "lifespan":
                    match project.evaluate(argument, env):
                        case Function(module, qualname):
                            roots.lifespan.add((module, qualname))
                elif keyword == "on_startup":
                    match project.evaluate(argument, env):
                        case Items(items):
                            roots.startup.update(
                                (item.module, item.qualname)
                                for item in items
                                if isinstance(item, Function)
                            )
    for module, facts in project.modules.items():
        if module not in reachable or not facts.decorated:
            continue
        for qualname in facts.decorated:
            for decorator in facts.function(qualname).decorators:
                if (
                    decorator[0] == "k"
                    and decorator[1][0] == "a"
                    and decorator[1][2] == "on_event"
                    and decorator[2]
                    and decorator[2][0] == ("c", "startup")
                ):
                    roots.startup.add((module, qualname))
    for site in graph.sites("add_event_handler"):
        call = site.call
        if site.kind == "call" and len(call[2]) >= 2 and call[2][0] == ("c", "startup"):
            match project.evaluate(call[2][1], graph.env(site)):
                case Function(module, qualname):
                    roots.startup.add((module, qualname))
    return roots


def truth(project: Project, test: Expr, env: Env) -> bool | None:
    """Whether a condition holds with the settings' defaults (``None`` when unknown)."""
    if test[0] == "u" and test[1] == "not":
        inner = truth(project, test[2], env)
        return None if inner is None else not inner
    if test[0] == "bo":
        results = [truth(project, value, env) for value in test[2]]
        if test[1] == "and":
            if False in results:
                return False
            return None if None in results else True
        if True in results:
            return True
        return None if None in results else False
    if test[0] == "cmp" and len(test[2]) == 1:
        op, right = test[2][0]
        left_value = literal_of(project.evaluate(test[1], env))
        right_value = literal_of(project.evaluate(right, env))
        if left_value is _UNKNOWN or right_value is _UNKNOWN:
            return None
        try:
            return {
                "==": lambda: left_value == right_value,
                "!=": lambda: left_value != right_value,
                "is": lambda: left_value is right_value,
                "is not": lambda: left_value is not right_value,
                "in": lambda: left_value in right_value,
                "not in": lambda: left_value not in right_value,
                "<": lambda: left_value < right_value,
                ">": lambda: left_value > right_value,
                "<=": lambda: left_value <= right_value,
                ">=": lambda: left_value >= right_value,
            }[op]()
        except (KeyError, TypeError):
            return None
    value = literal_of(project.evaluate(test, env))
    return None if value is _UNKNOWN else bool(value)


_UNKNOWN = object()


def literal_of(value: Value) -> Any:
    match value:
        case Const(literal):
            return literal
        case Setting(_, default):
            return literal_of(default)
        case Items(items):
            literals = [literal_of(item) for item in items]
            return _UNKNOWN if _UNKNOWN in literals else literals
    return _UNKNOWN


def outcome_section(docstring: str | None) -> str | None:
    """The text of an ``Outcome:`` section in a docstring."""
    if not docstring:
        return None
    lines = docstring.splitlines()
    for index, line in enumerate(lines):
        match = OUTCOME.match(line)
        if not match:
            continue
        parts = [match.group(1).strip()] if match.group(1).strip() else []
        for following in lines[index + 1 :]:
            if not following.strip():
                if parts:
                    break
                continue
            if not following[:1].isspace() and parts and following.rstrip().endswith(":"):
                break
            parts.append(following.strip())
        text = " ".join(parts).strip()
        return text or None
    return None


class ServiceFinder:
    """The services found so far and what every kind's ``find`` resolves with."""

    def __init__(
        self,
        project: Project,
        graph: CallGraph,
        routes: RouteMap,
        roots: Roots,
        flow: StatusFlow | None = None,
    ) -> None:
        self.project = project
        self.graph = graph
        self.routes = routes
        self.roots = roots
        self.flow = flow
        self.services: list[RawService] = []
        self.diagnostics: list[Diagnostic] = []
        self.spawns_in_dead_code: list[tuple[Site, str, str]] = []
        """``(site, kind, spawner)`` for spawn sites in functions nothing calls (rule SVC3)."""
        self.short_lived: list[RawService] = []
        """Spawned work that does not loop: listed as spawn sites, not as services."""
        self._flows: dict[int, Flow] = {}
        self._spawned: dict[tuple[str, FuncKey], RawService] = {}
        self._spawners: dict[int, str] = {}

    def path_of(self, module: str) -> str:
        facts = self.project.modules.get(module)
        return facts.relpath if facts else module

    def diagnose(self, message: str, module: str, line: int) -> None:
        self.diagnostics.append(Diagnostic("analysis", message, self.path_of(module), line))

    def flow_of(self, service: RawService) -> Flow:
        """What the service's code reads and writes (its status flow), computed once."""
        found = self._flows.get(id(service))
        if found is None:
            assert self.flow is not None
            found = self._flows[id(service)] = self.flow.tree_flow(service.target, service.bindings)
        return found

    def set_flow(self, service: RawService, flow: Flow) -> None:
        self._flows[id(service)] = flow

    # -- services started at call sites (tasks, threads) ------------------------------

    def spawn(
        self, kind: str, spawner: str, site: Site, target: Value, trigger: Trigger
    ) -> RawService | None:
        """Record that ``site`` starts ``target`` as a service of ``kind``: one service
        per kind and target function, with every site that starts it. ``None`` (and a
        diagnostic) when the target cannot be resolved."""
        if not isinstance(target, Function):
            self.diagnose(
                f"the target of {spawner}() cannot be resolved statically; it is not documented",
                site.module,
                site.line,
            )
            return None
        key = (kind, (target.module, target.qualname))
        service = self._spawned.get(key)
        if service is None:
            service = RawService(kind, key[1], trigger)
            service.site = (site.module, site.scope, site.line)
            self._spawned[key] = service
            self.services.append(service)
        service.spawn_sites.append(site)
        self._spawners[id(site)] = spawner
        return service

    def set_aside_short_lived(self, services: list[RawService]) -> list[RawService]:
        """Move the spawned work that does not loop forever (``create_task(notify())``,
        a fan-out helper) out of the services, into :attr:`short_lived`: the services are
        the long-lived and scheduled work. Returns the services kept."""
        kept = []
        for service in services:
            if service.trigger.type == "loop":
                kept.append(service)
            else:
                self.services.remove(service)
                self.short_lived.append(service)
        return kept

    def settle_spawned(self, kind: str) -> list[RawService]:
        """After a kind's spawn sites are recorded: which endpoints start each of its
        services, and whether anything calls the code that starts it."""
        settled = []
        for (service_kind, _), service in self._spawned.items():
            if service_kind != kind:
                continue
            endpoints: list[EndpointRef] = []
            used = False
            for site in service.spawn_sites:
                found, reached = self.endpoints_above(site.caller)
                endpoints.extend(found)
                if (
                    reached
                    or self.routes.is_endpoint(site.caller)
                    or self.roots.entry(site.caller) is not None
                    or self.graph.is_used(site.caller)
                ):
                    used = True
                else:
                    self.spawns_in_dead_code.append(
                        (site, service.kind, self._spawners.get(id(site), ""))
                    )
            service.endpoints = unique_endpoints(endpoints)
            service.registered = used
            settled.append(service)
        return settled

    # -- registration and reach ------------------------------------------------------

    def registration(self, site: Site, outer: list[Site]) -> tuple[Registration, bool]:
        """The chain from an entry point to the registering call, and its conditions."""
        steps = [*outer, site]
        start = steps[0].caller
        path = self.graph.path_up(start, lambda key: self.roots.entry(key) is not None)
        if path is None:
            return Registration(site.module, site.scope, site.line), False
        chain_sites = [*path, *steps]
        entry = self.roots.entry(chain_sites[0].caller) or ""
        conditions: list[str] = []
        known: list[bool | None] = []
        for step in chain_sites:
            text = conditions_at(self.project, step.module, step.scope, step.ctx, step.line)
            if text:
                conditions.append(text)
            for test, must_hold in condition_tests(
                self.project, step.module, step.scope, step.ctx, step.line
            ):
                result = truth(self.project, test, Env(step.module, step.scope, step.line))
                known.append(None if result is None else result == must_hold)
        enabled = None if None in known else all(known)
        chain = tuple(ChainStep(step.module, step.scope, step.line) for step in chain_sites)
        registration = Registration(
            site.module,
            site.scope,
            site.line,
            " and ".join(conditions) or None,
            True if not conditions else enabled,
            chain,
            entry,
        )
        return registration, True

    # -- background and asyncio tasks -----------------------------------------------------
    def endpoints_above(self, start: FuncKey, max_depth: int = 6) -> tuple[list[EndpointRef], bool]:
        """Endpoints whose handling reaches ``start`` (and whether anything reaches it)."""
        found: list[EndpointRef] = []
        reached = False
        seen = {start}
        queue: deque[tuple[FuncKey, int]] = deque([(start, 0)])
        while queue:
            current, depth = queue.popleft()
            for endpoint in self.routes.by_function.get(current, ()):
                found.append(
                    EndpointRef(
                        endpoint.method,
                        endpoint.path,
                        endpoint.module,
                        endpoint.function,
                        endpoint.line,
                    )
                )
            if depth >= max_depth:
                continue
            for site in self.graph.callers(current):
                reached = True
                if site.caller not in seen:
                    seen.add(site.caller)
                    queue.append((site.caller, depth + 1))
        return found, reached

    # -- periodic tasks (fastapi-utils' ``@repeat_every``) -----------------------------------

    def loop_trigger(self, target: FuncKey) -> Trigger:
        """A task that loops forever with a sleep: how often it runs."""
        function = self.project.modules[target[0]].function(target[1])
        if function is None:
            return Trigger("task")
        for line, ctx, call in self.project.calls_in(*target):
            callee = self.project.evaluate(call[1], Env(target[0], target[1], line))
            if callee in SLEEPS and call[2]:
                inside_loop = False
                index = ctx
                while index is not None:
                    entry = function.ctxs[index]
                    if entry[1] == "while":
                        inside_loop = True
                    index = entry[0]
                if inside_loop:
                    value = self.project.evaluate(call[2][0], Env(target[0], target[1], line))
                    setting, default = setting_of(value)
                    return Trigger("loop", number(value), None, expr_text(call), setting, default)
        return Trigger("task")


def keywords_of(project: Project, call: Expr, env: Env) -> dict[str, Expr]:
    """Keyword arguments, with ``**{...}`` of a literal dict (or a variable holding one)
    spread into them."""
    keywords: dict[str, Expr] = {}
    for name, value in call[3]:
        if name is not None:
            keywords[name] = value
            continue
        source = value
        if value[0] == "n":
            assigned = project.assigned_expr(value[1], env)
            if assigned is not None:
                source = assigned[0]
        if source[0] == "d":
            for key, item in zip(source[1], source[2], strict=False):
                if key is not None and key[0] == "c" and isinstance(key[1], str):
                    keywords[key[1]] = item
    return keywords


def json_of(value: Value | None) -> Any:
    match value:
        case Const(str() | int() | float() | bool() as literal):
            return literal
        case Setting(_, default):
            return json_of(default)
    return None


def setting_of(value: Value) -> tuple[str | None, Any]:
    """The setting a value is read from and that setting's default, or ``(None, None)``."""
    if isinstance(value, Setting):
        return value.name, json_of(value.default)
    return None, None


def describe(value: Value) -> str:
    """``settings.X (default 10)`` / ``10`` / ``Enum.member``."""
    if isinstance(value, Setting):
        default = json_of(value.default)
        return (
            f"settings.{value.name} (default {default!r})"
            if default is not None
            else f"settings.{value.name}"
        )
    return value_text(value)


def describe_plain(value: Value) -> str:
    match value:
        case Const(literal):
            return str(literal)
        case Setting(name, default):
            default = json_of(default)
            return f"settings.{name} ({default})" if default is not None else f"settings.{name}"
    return value_text(value)


def unique_endpoints(endpoints: list[EndpointRef]) -> list[EndpointRef]:
    seen = set()
    unique = []
    for endpoint in sorted(endpoints, key=lambda ref: (ref.path, ref.method)):
        key = (endpoint.method, endpoint.path)
        if key not in seen:
            seen.add(key)
            unique.append(endpoint)
    return unique


def function_dotted(key: FuncKey) -> str:
    return f"{key[0]}.{key[1]}" if key[1] != MODULE_SCOPE else key[0]
