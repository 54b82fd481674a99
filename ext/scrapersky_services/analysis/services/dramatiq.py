"""Dramatiq actors: functions decorated with ``@dramatiq.actor`` (bare or with options,
also ``@actor`` imported from ``dramatiq``), started wherever some code sends them a
message: ``actor.send(...)``, ``actor.send_with_options(...)``, and
``broker.get_actor("name").send(...)`` by actor name.

An actor is registered with the broker when its module is imported (by the worker,
``dramatiq app.tasks``), so one nothing in the tree sends is still listed (registered,
no starters). A periodic message (APScheduler calling a function that sends it) is one
more call site. ``get_actor(name)`` with a name no actor has, or one computed at run time,
is reported as not resolvable statically. Groups and pipelines are not followed.
"""

from __future__ import annotations

from ..parse.facts import MODULE_SCOPE, Expr, last_name
from ..parse.facts import call_kwarg as kwarg
from ..parse.text import expr_text
from ..records import ChainStep, Registration, Trigger
from ..resolve.callgraph import FuncKey
from ..resolve.project import Env
from ..resolve.values import Const, External, Function
from .base import Kind, RawService, ServiceFinder

KINDS = (Kind("dramatiq-actor", "Dramatiq actor", spawned=True),)
ORDER = 60

SENDERS = ("send", "send_with_options")


def find(finder: ServiceFinder) -> None:
    actors = _actors(finder)
    if not actors:
        return
    by_name = {name: key for key, (name, _, _) in actors.items()}
    project = finder.project
    for sender in SENDERS:
        for site in finder.graph.sites(sender):
            if site.kind != "call" or site.call[1][0] != "a":
                continue
            receiver = site.call[1][1]
            env = Env(site.module, site.scope, site.line - 0.5)
            if receiver[0] == "k" and last_name(receiver[1]) == "get_actor":
                key = _by_actor_name(finder, receiver, env, by_name, site.module, site.line)
            else:
                target = project.evaluate(receiver, env)
                key = (target.module, target.qualname) if isinstance(target, Function) else None
            if key in actors:
                finder.spawn("dramatiq-actor", sender, site, Function(*key), actors[key][1])
    spawned = set()
    for service in finder.settle_spawned("dramatiq-actor"):
        spawned.add(service.target)
        _declare(service, actors[service.target])
    for key, actor in actors.items():
        if key not in spawned:
            service = RawService("dramatiq-actor", key, actor[1])
            _declare(service, actor)
            finder.services.append(service)


def _actors(finder: ServiceFinder) -> dict[FuncKey, tuple[str, Trigger, int]]:
    """``{function: (actor name, trigger, line)}`` for every ``@actor`` function."""
    project = finder.project
    found: dict[FuncKey, tuple[str, Trigger, int]] = {}
    # a decorator is indexed as a reference made by the function it decorates
    for site in finder.graph.sites("actor"):
        function = project.modules[site.module].function(site.scope)
        decorator = site.call
        if site.kind != "ref" or function is None or decorator not in function.decorators:
            continue
        callee = decorator[1] if decorator[0] == "k" else decorator
        if last_name(callee) != "actor":
            continue
        env = Env(site.module, MODULE_SCOPE, function.line)
        match project.evaluate(callee, env):
            case External(dotted) if dotted.split(".")[0] == "dramatiq":
                pass
            case _:
                continue
        name = function.name
        if decorator[0] == "k":
            match project.evaluate(kwarg(decorator, "actor_name"), env):
                case Const(str() as actor_name):
                    name = actor_name
        trigger = Trigger("task", expression="@" + expr_text(decorator))
        found[(site.module, site.scope)] = (name, trigger, function.line)
    return found


def _by_actor_name(
    finder: ServiceFinder,
    get_actor: Expr,
    env: Env,
    by_name: dict[str, FuncKey],
    module: str,
    line: int,
) -> FuncKey | None:
    """The actor ``broker.get_actor("name")`` returns."""
    name_expr = get_actor[2][0] if get_actor[2] else None
    match finder.project.evaluate(name_expr, env):
        case Const(str() as name) if name in by_name:
            return by_name[name]
        case Const(str() as name):
            finder.diagnose(
                f"get_actor({name!r}) names no actor of the project; the message it sends is "
                "not documented",
                module,
                line,
            )
            return None
    finder.diagnose(
        f"the actor of {expr_text(get_actor)} cannot be resolved statically; the message it "
        "sends is not documented",
        module,
        line,
    )
    return None


def _declare(service: RawService, actor: tuple[str, Trigger, int]) -> None:
    """An actor is registered with the broker when its module is imported."""
    name, _, line = actor
    module = service.target[0]
    service.name = name
    service.registered = True
    service.registration = Registration(
        module, MODULE_SCOPE, line, None, True, (ChainStep(module, MODULE_SCOPE, line),), "import"
    )
    if not service.spawn_sites:
        service.site = (module, MODULE_SCOPE, line)
