"""Threads and executors: ``threading.Thread(target=f)``, ``threading.Timer(n, f)``,
``executor.submit(f, ...)`` on a ``concurrent.futures`` executor and
``loop.run_in_executor(executor, f, ...)``. Like asyncio tasks, each is started wherever
that code runs; a target that loops forever with a sleep gets its interval.

A thread object that is created but never started is still listed: whether ``start()``
runs is not followed. Only a thread that loops forever is a service; the others are
short-lived work, listed with every place that starts them.
"""

from __future__ import annotations

from ..parse.facts import call_kwarg as kwarg
from ..records import Trigger
from ..resolve.callgraph import Site
from ..resolve.project import Env
from ..resolve.values import UNKNOWN, Bound, External, Instance, Value
from .base import Kind, ServiceFinder

KINDS = (Kind("thread", "Thread or executor job", spawned=True),)
ORDER = 50

#: The thread classes, and where each takes its function: (position, keyword).
THREAD_CLASSES = {
    "threading.Thread": (1, "target"),
    "threading.Timer": (1, "function"),
}


def find(finder: ServiceFinder) -> None:
    for name in ("Thread", "Timer", "submit", "run_in_executor"):
        for site in finder.graph.sites(name):
            if site.kind != "call":
                continue
            env = Env(site.module, site.scope, site.line - 0.5)
            position, keyword = _target_argument(finder.project.evaluate(site.call[1], env))
            if position is None:
                continue
            target = _argument(finder, site, env, position, keyword)
            spawner = "threading." + name if name in ("Thread", "Timer") else name
            finder.spawn("thread", spawner, site, target, Trigger("task"))
    spawned = finder.settle_spawned("thread")
    for service in spawned:
        service.trigger = finder.loop_trigger(service.target)
    finder.set_aside_short_lived(spawned)


def _target_argument(callee: Value) -> tuple[int | None, str | None]:
    """Where a call to ``callee`` takes the function it runs in another thread."""
    match callee:
        case External(name) if name in THREAD_CLASSES:
            return THREAD_CLASSES[name]
        case Bound(_, "run_in_executor"):
            return 1, None
        case Bound(Instance(External(executor)), "submit") if executor.endswith("Executor"):
            return 0, "fn"
    return None, None


def _argument(
    finder: ServiceFinder, site: Site, env: Env, position: int, keyword: str | None
) -> Value:
    call = site.call
    expr = kwarg(call, keyword) if keyword else None
    if expr is None and len(call[2]) > position:
        expr = call[2][position]
    return finder.project.evaluate(expr, env) if expr is not None else UNKNOWN
