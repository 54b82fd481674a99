"""fastapi-utils' ``@repeat_every(seconds=N)``: a function run in a loop from start-up."""

from __future__ import annotations

from ..parse.facts import MODULE_SCOPE
from ..parse.text import expr_text
from ..records import ChainStep, Registration, Trigger
from ..resolve.project import Env
from .base import RawService, ServiceFinder, json_of, kwarg, number

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
                if callee[0] != "ext" or callee[1].rpartition(".")[2] != "repeat_every":
                    continue
                seconds_expr = kwarg(decorator, "seconds") or (
                    decorator[2][0] if decorator[2] else None
                )
                seconds = project.evaluate(seconds_expr, env) if seconds_expr else ("?", "")
                from_setting = seconds[0] == "setting"
                trigger = Trigger(
                    "loop",
                    number(seconds),
                    None,
                    expr_text(decorator),
                    seconds[1] if from_setting else None,
                    json_of(seconds[2]) if from_setting else None,
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
