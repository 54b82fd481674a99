"""Routers, endpoints and mounts: full paths through every ``include_router`` chain."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..parse.facts import MODULE_SCOPE, Expr, assigned_call, call_kwarg
from ..records import Endpoint, Mount, Router
from ..resolve.callgraph import CallGraph, FuncKey
from ..resolve.conditions import conditions_at
from ..resolve.expand import caller_envs, expanded_envs
from ..resolve.imports import FASTAPI_APPS
from ..resolve.project import Env, Project
from ..resolve.values import (
    UNKNOWN,
    Const,
    External,
    Function,
    Instance,
    Items,
    OneOf,
    Param,
    Setting,
    Value,
)

ROUTE_METHODS = frozenset({"get", "post", "put", "patch", "delete", "options", "head", "trace"})
ROUTER_CLASSES = frozenset(
    {"fastapi.APIRouter", "fastapi.routing.APIRouter", "starlette.routing.Router"}
)


@dataclass
class _Route:
    methods: list[str]
    path: str
    module: str
    function: str
    line: int
    condition: str | None = None


@dataclass
class _Include:
    child: str
    prefix: str
    module: str
    line: int
    condition: str | None = None


@dataclass
class _RouterObject:
    key: str
    module: str
    variable: str
    line: int
    prefix: str
    is_app: bool
    routes: list[_Route] = field(default_factory=list)
    includes: list[_Include] = field(default_factory=list)


@dataclass
class RouteMap:
    routers: list[Router] = field(default_factory=list)
    endpoints: list[Endpoint] = field(default_factory=list)
    mounts: list[Mount] = field(default_factory=list)
    by_function: dict[FuncKey, list[Endpoint]] = field(default_factory=dict)
    unresolved: list[tuple[str, int, str]] = field(default_factory=list)
    """``(module, line, what)`` for includes and routes whose target was not understood."""

    def is_endpoint(self, key: FuncKey) -> bool:
        return key in self.by_function


def _router_key(project: Project, value: Value) -> str | None:
    """A stable key for a router or app object: ``module:variable`` (``module:@line``)."""
    if isinstance(value, OneOf) and len(value.values) == 1:
        value = value.values[0]
    match value:
        case Instance(External(name), call, env) if (
            call is not None and env is not None and name in ROUTER_CLASSES | FASTAPI_APPS
        ):
            return f"{env.module}:@{call[4]}"
    return None


def _needs_callers(project: Project, site, envs: list[Env], resolve_object) -> bool:
    """Whether the router calls at ``site`` name an object through a parameter of the
    function they are in (so the callers must bind it)."""
    call = site.call
    exprs = [call[1][1], *call[2][:1], *(value for key, value in call[3] if key == "router")]
    for env in envs:
        for expr in exprs:
            if resolve_object(expr, env) is None and isinstance(
                project.evaluate(expr, env), (Param, Instance)
            ):
                return True
    return False


def _const_str(value: Value) -> str | None:
    match value:
        case Const(str() as text) | Setting(_, Const(str() as text)):
            return text
    return None


def build_route_map(project: Project, graph: CallGraph) -> RouteMap:
    routes = RouteMap()
    objects: dict[str, _RouterObject] = {}

    # router and app objects: at module level, or in a function (an app factory)
    makers = {name.rpartition(".")[2] for name in ROUTER_CLASSES | FASTAPI_APPS}
    for facts in project.modules.values():
        for fact in facts.imports:
            makers.update(asname for name, asname in fact.names if asname and name in makers)
    for module in sorted(project.modules):
        facts = project.modules[module]
        if makers.isdisjoint(facts.call_names):
            continue  # the header says nothing here creates a router or an app
        # the module body, and each function that calls a maker (from the call index)
        callers = {entry[0] for entries in facts.calls_of_each(makers) for entry in entries}
        scopes = [MODULE_SCOPE, *sorted(callers - {MODULE_SCOPE})]
        for scope_name in scopes:
            scope = facts.function(scope_name)
            for stmt in scope.stmts if scope else ():
                assigned = assigned_call(stmt)
                if assigned is None:
                    continue
                variable, made = assigned
                value = project.evaluate(made, Env(module, scope_name, stmt[1]))
                key = _router_key(project, value)
                if key is None or key in objects or value.env.module != module:
                    continue
                call, call_env = value.call, value.env
                prefix_expr = call_kwarg(call, "prefix")
                prefix = _const_str(project.evaluate(prefix_expr, call_env)) if prefix_expr else ""
                objects[key] = _RouterObject(
                    key,
                    module,
                    variable if scope_name == MODULE_SCOPE else f"{scope_name}.{variable}",
                    stmt[1],
                    prefix or "",
                    value.cls.dotted in FASTAPI_APPS,
                )

    def resolve_object(expr: Expr, env: Env) -> _RouterObject | None:
        key = _router_key(project, project.evaluate(expr, env))
        return objects.get(key) if key else None

    # routes declared with decorators
    for module in sorted(project.modules):
        facts = project.modules[module]
        if not facts.decorated:
            continue
        decoded = facts.decoded
        for qualname in facts.decorated:
            function = facts.function(qualname)
            for decorator in function.decorators:
                if decorator[0] != "k" or decorator[1][0] != "a":
                    continue
                method = decorator[1][2]
                if method not in ROUTE_METHODS and method not in ("api_route", "websocket"):
                    continue
                env = Env(module, function.parent or MODULE_SCOPE, function.line)
                owner = resolve_object(decorator[1][1], env)
                if owner is None:
                    continue
                path = _route_path(project, decorator, env)
                if path is None:
                    routes.unresolved.append((module, function.line, f"route path of {qualname}"))
                    continue
                methods = _methods(project, decorator, method, env)
                condition = None
                owner.routes.append(
                    _Route(methods, path, module, qualname, function.line, condition)
                )
        if not decoded:
            facts.forget()

    # routes added with add_api_route, includes and mounts
    for name in ("add_api_route", "include_router", "mount"):
        for site in graph.sites(name):
            if site.kind != "call" or site.call[1][0] != "a":
                continue
            envs = expanded_envs(
                project, site.module, site.scope, site.ctx, Env(site.module, site.scope, site.line)
            )
            if site.scope != MODULE_SCOPE and _needs_callers(project, site, envs, resolve_object):
                # ``def init_routers(app: FastAPI): app.include_router(...)``: the app (or a
                # router) is a parameter; each caller says which one
                envs = caller_envs(project, graph, site.module, site.scope, site.line) or envs
            for env in envs:
                call = site.call
                owner = resolve_object(call[1][1], env)
                if owner is None:
                    continue
                condition = conditions_at(project, site.module, site.scope, site.ctx, site.line)
                if name == "add_api_route":
                    path = _route_path(project, call, env)
                    target_expr = (
                        call[2][1]
                        if len(call[2]) > 1
                        else next(
                            (argument for key, argument in call[3] if key == "endpoint"), None
                        )
                    )
                    target = project.evaluate(target_expr, env) if target_expr else UNKNOWN
                    if path is None or not isinstance(target, Function):
                        routes.unresolved.append((site.module, site.line, "add_api_route target"))
                        continue
                    owner.routes.append(
                        _Route(
                            _methods(project, call, "api_route", env),
                            path,
                            target.module,
                            target.qualname,
                            site.line,
                            condition,
                        )
                    )
                elif name == "include_router":
                    child_expr = (
                        call[2][0]
                        if call[2]
                        else next((argument for key, argument in call[3] if key == "router"), None)
                    )
                    child = resolve_object(child_expr, env) if child_expr else None
                    if child is None:
                        routes.unresolved.append((site.module, site.line, "included router"))
                        continue
                    prefix_expr = next(
                        (argument for key, argument in call[3] if key == "prefix"), None
                    )
                    prefix = _const_str(project.evaluate(prefix_expr, env)) if prefix_expr else ""
                    owner.includes.append(
                        _Include(child.key, prefix or "", site.module, site.line, condition)
                    )
                elif name == "mount" and call[2]:
                    path = _const_str(project.evaluate(call[2][0], env))
                    if path is not None:
                        target = call[2][1] if len(call[2]) > 1 else None
                        routes.mounts.append(
                            Mount(owner.prefix + path, site.module, site.line, _target_text(target))
                        )

    # full paths, in registration order, from every application
    mounted_at: dict[str, list[str]] = {}
    emitted: list[Endpoint] = []

    def events_of(obj: _RouterObject):
        """The router's routes and includes, in the order they are added."""
        events: list[tuple[tuple[str, int], object]] = [
            ((route.module, route.line), route) for route in obj.routes
        ]
        events += [((include.module, include.line), include) for include in obj.includes]
        return iter([event for _, event in sorted(events, key=lambda item: item[0])])

    def walk(root: _RouterObject) -> None:
        """Every route under an application, depth first in the order routes and includes
        are added (iteratively: a chain of includes may be thousands deep)."""
        mounted_at.setdefault(root.key, []).append("")
        work = [(root, "", None, (root.key,), events_of(root))]
        while work:
            obj, prefix, condition, ancestors, events = work[-1]
            event = next(events, None)
            if event is None:
                work.pop()
                continue
            if isinstance(event, _Route):
                for method in event.methods:
                    joined = _join(_join(prefix, obj.prefix), event.path) or "/"
                    emitted.append(
                        Endpoint(
                            method,
                            joined,
                            event.module,
                            event.function,
                            event.line,
                            f"{obj.module}:{obj.variable}",
                            _and(condition, event.condition),
                        )
                    )
                continue
            child = objects.get(event.child)
            if child is None or child.key in ancestors:
                continue
            child_prefix = _join(_join(prefix, obj.prefix), event.prefix)
            mounted_at.setdefault(child.key, []).append(child_prefix)
            work.append(
                (
                    child,
                    child_prefix,
                    _and(condition, event.condition),
                    (*ancestors, child.key),
                    events_of(child),
                )
            )

    for obj in objects.values():
        if obj.is_app:
            walk(obj)
    for obj in objects.values():
        if obj.key not in mounted_at:
            for route in obj.routes:
                for method in route.methods:
                    emitted.append(
                        Endpoint(
                            method,
                            _join(obj.prefix, route.path) or "/",
                            route.module,
                            route.function,
                            route.line,
                            f"{obj.module}:{obj.variable}",
                            route.condition,
                            mounted=False,
                        )
                    )

    for declared in emitted:
        function = project.modules[declared.module].function(declared.function)
        summary = (
            (function.docstring or "").strip().splitlines()[0]
            if function and function.docstring
            else ""
        )
        endpoint = dataclasses.replace(declared, summary=summary)
        routes.endpoints.append(endpoint)
        routes.by_function.setdefault((endpoint.module, endpoint.function), []).append(endpoint)
    for obj in sorted(objects.values(), key=lambda item: item.key):
        routes.routers.append(
            Router(
                f"{obj.module}:{obj.variable}",
                obj.module,
                obj.variable,
                obj.line,
                obj.prefix,
                tuple(sorted(set(mounted_at.get(obj.key, ())))),
                obj.is_app,
            )
        )
    return routes


def _route_path(project: Project, call: Expr, env: Env) -> str | None:
    path_expr = (
        call[2][0]
        if call[2]
        else next((argument for key, argument in call[3] if key == "path"), None)
    )
    if path_expr is None:
        return None
    return _const_str(project.evaluate(path_expr, env))


def _methods(project: Project, call: Expr, method: str, env: Env) -> list[str]:
    if method in ROUTE_METHODS:
        return [method.upper()]
    if method == "websocket":
        return ["WEBSOCKET"]
    methods_expr = next((argument for key, argument in call[3] if key == "methods"), None)
    if methods_expr is None:
        return ["GET"]
    value = project.evaluate(methods_expr, env)
    if isinstance(value, Items):
        found = [
            item.value.upper()
            for item in value.items
            if isinstance(item, Const) and isinstance(item.value, str)
        ]
        return found or ["GET"]
    return ["GET"]


def _target_text(expr: Expr | None) -> str:
    from ..parse.text import expr_text

    return expr_text(expr) if expr is not None else ""


def _join(prefix: str, path: str) -> str:
    """FastAPI joins prefixes by plain concatenation (``/items`` + ``/`` = ``/items/``)."""
    return prefix + path


def _and(left: str | None, right: str | None) -> str | None:
    if left and right:
        return f"{left} and {right}"
    return left or right
