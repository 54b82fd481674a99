"""Environments with more known values: loops over literal collections unrolled (each
iteration gets its own values), and a function's parameters bound to what its callers pass."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .project import Env, Project, _target_paths, iteration_items, subscript
from .values import Const, Unknown, Value

if TYPE_CHECKING:
    from ..parse.facts import Expr
    from .callgraph import CallGraph

MAX_EXPANSION = 200


def expanded_envs(project: Project, module: str, scope: str, ctx: int, env: Env) -> list[Env]:
    """One environment per iteration of the enclosing ``for`` loops that iterate over
    literal lists, tuples or dicts (the loop variables bound); else just ``env``."""
    function = project.modules[module].function(scope)
    if function is None:
        return [env]
    loops = []
    while ctx is not None and ctx < len(function.ctxs):
        entry = function.ctxs[ctx]
        if entry[1] == "for":
            loops.append(entry)
        ctx = entry[0]
    envs = [env]
    for _, _, target, iterable in reversed(loops):
        next_envs = []
        for current in envs:
            items = iteration_items(project.evaluate(iterable, current))
            if items is None:
                next_envs.append(current)
                continue
            for item in items[:MAX_EXPANSION]:
                bindings = {}
                for name, path in _target_paths(target):
                    value = item
                    for step in path:
                        value = subscript(value, Const(step), None)
                    bindings[name] = value
                next_envs.append(current.with_bindings(bindings))
        envs = next_envs[:MAX_EXPANSION]
    return envs


def bind_arguments(project: Project, function, call: Expr, env: Env) -> dict[str, Value]:
    """What a call passes to each parameter of ``function`` (values known statically;
    ``self``/``cls`` skipped), evaluated where the call is."""
    params = [name for name, _, _ in function.params]
    if function.class_name and params and params[0] in ("self", "cls"):
        params = params[1:]
    bound: dict[str, Value] = {}
    positional = [name for name in params if not name.startswith("*")]
    for name, argument in zip(positional, call[2], strict=False):
        if argument[0] == "*":
            break
        bound[name] = project.evaluate(argument, env)
    for keyword, argument in call[3]:
        if keyword is not None:
            bound[keyword] = project.evaluate(argument, env)
    return {name: value for name, value in bound.items() if not isinstance(value, Unknown)}


#: How many callers up a parameter is followed (``init_routers(app)`` called by a factory
#: that is called by another), and how many environments that may give at most.
MAX_CALLER_DEPTH = 3
MAX_CALLER_ENVS = 50


def caller_envs(
    project: Project, graph: CallGraph, module: str, scope: str, line: float
) -> list[Env]:
    """One environment for ``line`` of a function per call of that function, its
    parameters bound to what the caller passes; a caller's own parameters are bound from
    its callers in turn (up to :data:`MAX_CALLER_DEPTH`). Empty when nothing calls it."""
    found: list[Env] = []
    frontier: list[tuple[str, str, dict[str, Value]]] = [(module, scope, {})]
    for _ in range(MAX_CALLER_DEPTH):
        next_frontier = []
        for callee_module, callee_scope, _ in frontier:
            function = project.modules[callee_module].function(callee_scope)
            if function is None or callee_scope == "<module>":
                continue
            for site in graph.callers((callee_module, callee_scope)):
                if site.kind != "call":
                    continue
                for env in expanded_envs(
                    project,
                    site.module,
                    site.scope,
                    site.ctx,
                    Env(site.module, site.scope, site.line - 0.5),
                ):
                    bound = bind_arguments(project, function, site.call, env)
                    next_frontier.append((site.module, site.scope, bound))
                    if callee_module == module and callee_scope == scope:
                        found.append(Env(module, scope, line, bound))
        if not next_frontier or len(found) >= MAX_CALLER_ENVS:
            break
        frontier = next_frontier[:MAX_CALLER_ENVS]
    return found[:MAX_CALLER_ENVS]
