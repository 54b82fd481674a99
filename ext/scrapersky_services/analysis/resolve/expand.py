"""Unroll loops over literal collections, so each iteration gets its own values."""

from __future__ import annotations

from .project import Env, Project, _target_paths, iteration_items, subscript
from .values import Const

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
