"""asyncio tasks: ``asyncio.create_task(coro())``, ``asyncio.ensure_future(coro())`` and
``loop.create_task(coro())``, with how often a task that loops forever runs.

Only a task that loops forever is a service; the others (``create_task(notify(...))``,
fan-out helpers) are short-lived work, listed with every place that starts them."""

from __future__ import annotations

from ..parse.facts import Expr
from ..records import Trigger
from ..resolve.project import Env
from ..resolve.values import UNKNOWN, Bound, External, Value
from .base import Kind, ServiceFinder

KINDS = (Kind("asyncio-task", "asyncio task", spawned=True),)
ORDER = 30

SPAWNERS = frozenset({"asyncio.create_task", "asyncio.ensure_future", "asyncio.tasks.create_task"})


def find(finder: ServiceFinder) -> None:
    project = finder.project
    for name in ("create_task", "ensure_future"):
        for site in finder.graph.sites(name):
            if site.kind != "call":
                continue
            env = Env(site.module, site.scope, site.line - 0.5)
            callee = project.evaluate(site.call[1], env)
            match callee:
                case External(name) if name in SPAWNERS:
                    pass
                case Bound(_, "create_task"):
                    pass
                case _:
                    continue
            target = coroutine_target(finder, site.call, env)
            finder.spawn("asyncio-task", name, site, target, Trigger("task"))
    spawned = finder.settle_spawned("asyncio-task")
    for service in spawned:
        service.trigger = finder.loop_trigger(service.target)
    finder.set_aside_short_lived(spawned)


def coroutine_target(finder: ServiceFinder, call: Expr, env: Env) -> Value:
    """The function whose coroutine is the first argument (``coro()``, or a variable
    assigned one)."""
    if not call[2]:
        return UNKNOWN
    argument = call[2][0]
    if argument[0] == "n":
        assigned = finder.project.assigned_expr(argument[1], env)
        if assigned is not None:
            argument, env = assigned
    if argument[0] == "k":
        return finder.project.evaluate(argument[1], env)
    return UNKNOWN
