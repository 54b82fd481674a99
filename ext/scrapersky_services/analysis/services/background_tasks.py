"""FastAPI background tasks: ``background_tasks.add_task(func, ...)`` in the code an
endpoint runs, started after the response is sent."""

from __future__ import annotations

from ..records import Trigger
from ..resolve.expand import bind_arguments
from ..resolve.project import Env
from ..resolve.values import UNKNOWN, Bound, External, Instance, Param, Unknown, Value
from .base import Kind, ServiceFinder

KINDS = (Kind("background-task", "Background task (FastAPI)", spawned=True),)
ORDER = 20


def find(finder: ServiceFinder) -> None:
    project = finder.project
    for site in finder.graph.sites("add_task"):
        if site.kind != "call":
            continue
        env = Env(site.module, site.scope, site.line - 0.5)
        if not _is_background_tasks(project.evaluate(site.call[1], env)):
            continue
        target = project.evaluate(site.call[2][0], env) if site.call[2] else UNKNOWN
        service = finder.spawn("background-task", "add_task", site, target, Trigger("endpoint"))
        if service is None or not site.call[2][1:]:
            continue
        function = project.modules[service.target[0]].function(service.target[1])
        if function is not None:
            # the arguments after the function are what it is called with
            forwarded = ("k", site.call[1], site.call[2][1:], site.call[3], site.line)
            service.bindings.update(bind_arguments(project, function, forwarded, env))
    for service in finder.settle_spawned("background-task"):
        paths = ", ".join(f"{ref.method} {ref.path}" for ref in service.endpoints)
        service.trigger = Trigger("endpoint", expression=paths)


def _is_background_tasks(receiver_call: Value) -> bool:
    """``tasks.add_task``: on a ``BackgroundTasks`` object, or on a parameter (of any
    name) whose type is not known."""
    match receiver_call:
        case Bound(Instance(External(name)), _):
            return name.endswith("BackgroundTasks")
        case Bound(Param() | Unknown(), _):
            return True
    return False
