"""fastapi-utils' ``@repeat_every(seconds=N)``: a function run in a loop from start-up."""

from __future__ import annotations

from ..parse.facts import MODULE_SCOPE
from ..parse.facts import call_kwarg as kwarg
from ..parse.text import expr_text
from ..records import ChainStep, Registration, Trigger
from ..resolve.project import Env
from ..resolve.values import UNKNOWN, External
from .base import RawService, ServiceFinder, number, setting_of

#: A loop kind another module declares (:mod:`.polling`): this one adds a way to start it.
KINDS = ()
ORDER = 40


def find(finder: ServiceFinder) -> None:
    project, roots = finder.project, finder.roots
    for module, facts in project.modules.items():
        for qualname in facts.decorated:
            function = facts.function(qualname)
            for decorator in function.decorators:
                if decorator[0] != "k":
                    continue
                env = Env(module, function.parent or MODULE_SCOPE, function.line)
                callee = project.evaluate(decorator[1], env)
                if not (
                    isinstance(callee, External)
                    and callee.dotted.rpartition(".")[2] == "repeat_every"
                ):
                    continue
                seconds_expr = kwarg(decorator, "seconds") or (
                    decorator[2][0] if decorator[2] else None
                )
                seconds = project.evaluate(seconds_expr, env) if seconds_expr else UNKNOWN
                setting, default = setting_of(seconds)
                trigger = Trigger(
                    "loop", number(seconds), None, expr_text(decorator), setting, default
                )
                service = RawService("polling-loop", (module, qualname), trigger)
                service.site = (module, function.parent or MODULE_SCOPE, function.line)
                key = (module, qualname)
                entry = roots.entry(key)
                if entry is None:
                    path = finder.graph.path_up(key, lambda k: roots.entry(k) is not None)
                    entry = roots.entry(path[0].caller) if path else None
                service.registered = entry is not None
                if entry is not None:
                    service.registration = Registration(
                        module,
                        qualname,
                        function.line,
                        None,
                        True,
                        (ChainStep(module, qualname, function.line),),
                        entry,
                    )
                finder.services.append(service)
