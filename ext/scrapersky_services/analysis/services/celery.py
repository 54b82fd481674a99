"""Celery: tasks started at call sites, and the beat schedule that runs them periodically.

A task is a function decorated with ``@app.task`` / ``@app.task(...)`` on a ``Celery(...)``
object (under any name or alias) or with ``@shared_task``. It is a ``celery-task`` service
started wherever some code calls ``task.delay(...)``, ``task.apply_async(...)``,
``task.s(...)`` / ``.si(...)`` / ``.signature(...)`` (in a ``chain`` or ``group``) or
``app.send_task("name")``, the name matched against the task's ``name=`` or its dotted
default name (``module.function``). A task nothing starts is not listed.

A ``celery-beat`` service is one entry of the beat schedule: ``app.conf.beat_schedule =
{...}`` (a literal or a module variable), ``app.conf.update(beat_schedule=...)``, or
``sender.add_periodic_task(schedule, task.s(), name=...)``. Its trigger comes from the
schedule: seconds, ``timedelta(...)``, ``schedule(run_every=...)`` (an interval) or
``crontab(...)`` (the fields as written; Celery reads a missing one as ``*``), or a
setting holding one of these. The worker and beat run in their own processes, which the
FastAPI entry point does not reach: an entry is registered when its schedule is declared
in a module of the tree, at the line where the schedule is given to the app (or of
``add_periodic_task``, which counts when it sits in a function connected to a signal, such
as ``@app.on_after_configure.connect``, or in one something calls).

What cannot be resolved statically is reported with its file and line, not guessed: a
beat entry or ``send_task`` naming a task the tree does not define, a task name computed
at run time, a schedule of another kind (``solar``) or computed at run time.

It is long because a Celery task has two kinds of service (started, scheduled) and five
ways of naming it (decorator, ``name=``, dotted default, ``send_task``, signature), which
resolve against one table of tasks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..parse.facts import MODULE_SCOPE, Expr
from ..parse.facts import call_kwarg as kwarg
from ..parse.statements import ASSIGN
from ..parse.text import expr_text
from ..records import ChainStep, Registration, Trigger
from ..resolve.callgraph import FuncKey, Site
from ..resolve.project import Env
from ..resolve.values import (
    Bound,
    Const,
    External,
    Function,
    Instance,
    Items,
    Mapping,
    Setting,
    Unknown,
    Value,
)
from .base import Kind, RawService, ServiceFinder, describe, describe_plain, json_of, number

KINDS = (
    Kind("celery-beat", "Celery beat entry"),
    Kind("celery-task", "Celery task", spawned=True),
)
ORDER = 60

CELERY_CLASSES = frozenset({"celery.Celery", "celery.app.Celery", "celery.app.base.Celery"})
SHARED_TASKS = frozenset({"celery.shared_task", "celery.app.shared_task"})
#: Methods of a task that start it (``delay``, ``apply_async``) or make a signature of it
#: that a ``chain`` / ``group`` starts.
STARTERS = ("delay", "apply_async", "s", "si", "signature")
#: ``crontab(minute, hour, day_of_week, day_of_month, month_of_year)``, named as the cron
#: fields of the other kinds.
CRONTAB_FIELDS = {
    "minute": "minute",
    "hour": "hour",
    "day_of_week": "day_of_week",
    "day_of_month": "day",
    "month_of_year": "month",
}
#: ``timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks)``.
TIMEDELTA_FIELDS = {
    "days": 86400,
    "seconds": 1,
    "microseconds": 1e-6,
    "milliseconds": 1e-3,
    "minutes": 60,
    "hours": 3600,
    "weeks": 604800,
}


@dataclass(frozen=True)
class Task:
    key: FuncKey
    name: str
    """What Celery calls it: ``name=`` or ``module.function``."""
    params: tuple[str, ...]
    """The parameters its arguments bind to (without the task itself of ``bind=True``),
    kept so that binding a start's arguments reads no module body again."""


def find(finder: ServiceFinder) -> None:
    tasks = _tasks(finder)
    by_name = {task.name: task for task in tasks.values()}
    periodic = _periodic_sites(finder)
    signatures_in_beat = {
        (site.module, site.scope, expr_text(sig))
        for site in periodic
        if (sig := _argument(site.call, 1, "sig")) is not None
    }
    for name in STARTERS:
        for site in finder.graph.sites(name):
            if site.kind != "call" or site.call[1][0] != "a":
                continue
            if (site.module, site.scope, expr_text(site.call)) in signatures_in_beat:
                continue
            env = Env(site.module, site.scope, site.line - 0.5)
            match finder.project.evaluate(site.call[1][1], env):
                case Function(module, qualname) as target if (module, qualname) in tasks:
                    service = finder.spawn("celery-task", name, site, target, Trigger("task"))
                    _bind(finder, service, tasks[module, qualname], site.call, name, env)
    for site in finder.graph.sites("send_task"):
        if site.kind == "call" and site.call[1][0] == "a":
            _send_task(finder, site, tasks, by_name)
    for service in finder.settle_spawned("celery-task"):
        service.name = tasks[service.target].name
    _beat_schedules(finder, tasks, by_name)
    for site in periodic:
        _periodic_task(finder, site, tasks, by_name)


# -- tasks ---------------------------------------------------------------------------------


def _is_celery(value: Value) -> bool:
    match value:
        case Instance(External(dotted)):
            return dotted in CELERY_CLASSES
    return False


def _tasks(finder: ServiceFinder) -> dict[FuncKey, Task]:
    """Every function a Celery task decorator makes a task (decorators are indexed as
    references to their names, so only the modules using those names are read)."""
    project = finder.project
    tasks: dict[FuncKey, Task] = {}
    for name in ("task", "shared_task"):
        for site in finder.graph.sites(name):
            if site.kind != "ref" or site.scope == MODULE_SCOPE:
                continue
            function = project.modules[site.module].function(site.scope)
            decorator = site.call
            if (
                function is None
                or function.line != site.line
                or decorator not in function.decorators
            ):
                continue
            callee = decorator[1] if decorator[0] == "k" else decorator
            env = Env(site.module, function.parent or MODULE_SCOPE, function.line)
            match project.evaluate(callee, env):
                case Bound(owner, "task") if _is_celery(owner):
                    pass
                case External(dotted) if dotted in SHARED_TASKS:
                    pass
                case _:
                    continue
            task_name = f"{site.module}.{function.name}"
            bind = False
            if decorator[0] == "k":
                match project.evaluate(kwarg(decorator, "name") or ("?",), env):
                    case Const(str() as written):
                        task_name = written
                match project.evaluate(kwarg(decorator, "bind") or ("?",), env):
                    case Const(True):
                        bind = True
            params = [name for name, _, _ in function.params if not name.startswith("*")]
            tasks[(site.module, site.scope)] = Task(
                (site.module, site.scope), task_name, tuple(params[1:] if bind else params)
            )
    return tasks


def _bind(
    finder: ServiceFinder,
    service: RawService | None,
    task: Task,
    call: Expr,
    starter: str,
    env: Env,
) -> None:
    """The arguments a start passes to the task: ``delay(*args, **kwargs)``, ``s(...)``,
    ``apply_async(args=..., kwargs=...)`` / ``send_task(name, args=..., kwargs=...)``, a
    beat entry's ``"args"`` and ``"kwargs"``."""
    if service is None:
        return
    params = task.params
    project = finder.project
    if starter in ("apply_async", "send_task", "beat"):
        positional_expr, keywords_expr = kwarg(call, "args"), kwarg(call, "kwargs")
        if starter == "apply_async" and call[2]:
            positional_expr = call[2][0]
            keywords_expr = call[2][1] if len(call[2]) > 1 else keywords_expr
        positional: tuple[Value, ...] = ()
        match project.evaluate(positional_expr, env) if positional_expr else None:
            case Items(items):
                positional = items
        keywords: list[tuple[str, Value]] = []
        match project.evaluate(keywords_expr, env) if keywords_expr else None:
            case Mapping(pairs):
                keywords = [(key.value, value) for key, value in pairs if isinstance(key, Const)]
                if starter == "beat":
                    service.kwargs.update((str(name), describe(value)) for name, value in keywords)
    else:
        if any(argument[0] == "*" for argument in call[2]):
            return
        positional = tuple(project.evaluate(argument, env) for argument in call[2])
        keywords = [(name, project.evaluate(argument, env)) for name, argument in call[3] if name]
    for name, value in [*zip(params, positional, strict=False), *keywords]:
        if not isinstance(value, Unknown):
            service.bindings[name] = value


def _send_task(
    finder: ServiceFinder, site: Site, tasks: dict[FuncKey, Task], by_name: dict[str, Task]
) -> None:
    """``app.send_task("name", args=..., kwargs=...)``: the task of that name."""
    env = Env(site.module, site.scope, site.line - 0.5)
    if not _is_celery(_owner(finder.project.evaluate(site.call[1], env))):
        return
    name_expr = site.call[2][0] if site.call[2] else kwarg(site.call, "name")
    task = _named_task(finder, name_expr, env, by_name, "send_task", site.module, site.line)
    if task is not None:
        service = finder.spawn(
            "celery-task", "send_task", site, Function(*task.key), Trigger("task")
        )
        _bind(finder, service, task, site.call, "send_task", env)


def _owner(value: Value) -> Value | None:
    return value.owner if isinstance(value, Bound) else None


def _named_task(
    finder: ServiceFinder,
    name_expr: Expr | None,
    env: Env,
    by_name: dict[str, Task],
    where: str,
    module: str,
    line: int,
) -> Task | None:
    """The task a literal name (or a setting's default) names; a diagnostic otherwise."""
    value = finder.project.evaluate(name_expr, env) if name_expr is not None else None
    if isinstance(value, Setting):
        value = value.default
    match value:
        case Const(str() as name):
            task = by_name.get(name)
            if task is None:
                finder.diagnose(
                    f"{where} names the task {name!r}, but no task in the tree has that name "
                    "(its name= or module.function); it is not documented",
                    module,
                    line,
                )
            return task
    text = expr_text(name_expr) if name_expr is not None else "(none)"
    finder.diagnose(
        f"the task name of {where} ({text}) cannot be resolved statically; it is not documented",
        module,
        line,
    )
    return None


# -- beat ----------------------------------------------------------------------------------


def _beat_schedules(
    finder: ServiceFinder, tasks: dict[FuncKey, Task], by_name: dict[str, Task]
) -> None:
    """``app.conf.beat_schedule = ...`` and ``app.conf.update(beat_schedule=...)``."""
    project = finder.project
    for module, facts in project.modules.items():
        if "beat_schedule" not in facts.assigned_attrs:
            continue
        for scope, function in facts.functions.items():
            for stmt in function.stmts:
                if stmt[0] != ASSIGN:
                    continue
                for target in stmt[3]:
                    if target[0] == "a" and target[2] == "beat_schedule":
                        env = Env(module, scope, stmt[1])
                        if _is_conf(project.evaluate(target[1], env)):
                            _schedule(finder, stmt[4], env, tasks, by_name)
    for site in finder.graph.sites("update"):
        if site.kind != "call" or site.call[1][0] != "a":
            continue
        schedule = kwarg(site.call, "beat_schedule")
        if schedule is None:
            continue
        env = Env(site.module, site.scope, site.line)
        if _is_conf(_owner(finder.project.evaluate(site.call[1], env))):
            _schedule(finder, schedule, env, tasks, by_name)


def _is_conf(value: Value | None) -> bool:
    match value:
        case Bound(owner, "conf"):
            return _is_celery(owner)
    return False


def _dict_expr(finder: ServiceFinder, expr: Expr, env: Env) -> tuple[Expr, Env] | None:
    """A dict display, directly or through the variable holding it."""
    if expr[0] == "d":
        return expr, env
    if expr[0] == "n":
        assigned = finder.project.assigned_expr(expr[1], env)
        if assigned is not None and assigned[0][0] == "d":
            return assigned
    return None


def _schedule(
    finder: ServiceFinder,
    expr: Expr,
    env: Env,
    tasks: dict[FuncKey, Task],
    by_name: dict[str, Task],
) -> None:
    """One beat service per entry of a schedule given to the app at ``env.line``."""
    registration = Registration(
        env.module,
        env.scope,
        int(env.line),
        None,
        True,
        (ChainStep(env.module, env.scope, int(env.line)),),
        "import",
    )
    found = _dict_expr(finder, expr, env)
    if found is None:
        finder.diagnose(
            f"the beat schedule {expr_text(expr)} cannot be resolved statically; "
            "its entries are not documented",
            env.module,
            int(env.line),
        )
        return
    schedule, schedule_env = found
    for key_expr, entry_expr in zip(schedule[1], schedule[2], strict=False):
        key = key_expr[1] if key_expr is not None and key_expr[0] == "c" else None
        entry = _dict_expr(finder, entry_expr, schedule_env)
        if key is None or entry is None:
            finder.diagnose(
                f"the beat entry {expr_text(key_expr) if key_expr else '**'} cannot be "
                "resolved statically; it is not documented",
                env.module,
                int(env.line),
            )
            continue
        fields = {
            field[1]: value
            for field, value in zip(entry[0][1], entry[0][2], strict=False)
            if field is not None and field[0] == "c"
        }
        entry_env = entry[1]
        line = _line_of(fields.get("schedule"), math.ceil(entry_env.line))
        where = f"the beat entry {key!r}"
        task = _named_task(
            finder, fields.get("task"), entry_env, by_name, where, entry_env.module, line
        )
        if task is None:
            continue
        service = _beat_service(
            finder, task, fields.get("schedule"), entry_env, key, where, line, registration
        )
        # the entry's "args" and "kwargs", read as send_task's keywords
        arguments = [(name, fields[name]) for name in ("args", "kwargs") if name in fields]
        _bind(finder, service, task, ("k", ("?",), [], arguments, line), "beat", entry_env)


def _line_of(expr: Expr | None, default: int) -> int:
    """The line of a call in the entry (the schedule's), else of the schedule itself."""
    return expr[4] if expr is not None and expr[0] == "k" else default


def _periodic_sites(finder: ServiceFinder) -> list[Site]:
    return [
        site
        for site in finder.graph.sites("add_periodic_task")
        if site.kind == "call" and site.call[1][0] == "a"
    ]


def _periodic_task(
    finder: ServiceFinder, site: Site, tasks: dict[FuncKey, Task], by_name: dict[str, Task]
) -> None:
    """``sender.add_periodic_task(schedule, task.s(...), name=...)``."""
    project = finder.project
    env = Env(site.module, site.scope, site.line - 0.5)
    schedule = _argument(site.call, 0, "schedule")
    sig = _argument(site.call, 1, "sig")
    task: Task | None = None
    where = f"add_periodic_task({expr_text(schedule) if schedule else ''}, ...)"
    if sig is not None and sig[0] == "k" and sig[1][0] == "a" and sig[1][2] in STARTERS:
        match project.evaluate(sig[1][1], env):
            case Function(module, qualname) if (module, qualname) in tasks:
                task = tasks[module, qualname]
            case Bound(owner, "signature") if _is_celery(owner):
                task = _named_task(
                    finder, _argument(sig, 0, "varies"), env, by_name, where, site.module, site.line
                )
                if task is None:
                    return
    if task is None:
        finder.diagnose(
            f"the task of {where} cannot be resolved statically; it is not documented",
            site.module,
            site.line,
        )
        return
    name = None
    match project.evaluate(kwarg(site.call, "name") or ("?",), env):
        case Const(str() as written):
            name = written
    registered = _connected(finder, site) or finder.graph.is_used(site.caller)
    registration = Registration(
        site.module,
        site.scope,
        site.line,
        None,
        True if registered else None,
        (ChainStep(site.module, site.scope, site.line),),
        "import" if registered else "",
    )
    service = _beat_service(finder, task, schedule, env, name, where, site.line, registration)
    service.registered = registered
    _bind(finder, service, task, sig, sig[1][2] if sig[1][0] == "a" else "s", env)


def _argument(call: Expr, position: int, keyword: str) -> Expr | None:
    return call[2][position] if len(call[2]) > position else kwarg(call, keyword)


def _connected(finder: ServiceFinder, site: Site) -> bool:
    """Whether the function holding ``site`` is connected to a signal (``@x.connect``)."""
    if site.scope == MODULE_SCOPE:
        return True
    function = finder.project.modules[site.module].function(site.scope)
    return function is not None and any(
        (decorator[1] if decorator[0] == "k" else decorator)[0] == "a"
        and (decorator[1] if decorator[0] == "k" else decorator)[2] == "connect"
        for decorator in function.decorators
    )


def _beat_service(
    finder: ServiceFinder,
    task: Task,
    schedule: Expr | None,
    env: Env,
    key: str | None,
    where: str,
    line: int,
    registration: Registration,
) -> RawService:
    trigger = _trigger(finder, schedule, env, where, line)
    service = RawService("celery-beat", task.key, trigger)
    service.job_id = key
    service.name = task.name
    service.registered = True
    service.registration = registration
    service.site = (registration.module, registration.function, registration.line)
    finder.services.append(service)
    return service


def _trigger(
    finder: ServiceFinder, schedule: Expr | None, env: Env, where: str, line: int
) -> Trigger:
    expression = expr_text(schedule) if schedule is not None else ""
    value = finder.project.evaluate(schedule, env) if schedule is not None else None
    setting = None
    if isinstance(value, Setting):
        setting = value.name
    trigger = _trigger_of(finder, value, expression, setting)
    if trigger.type == "unknown":
        finder.diagnose(
            f"the schedule {expression or '(none)'} of {where} cannot be resolved statically",
            env.module,
            line,
        )
    elif trigger.type == "interval" and trigger.every_seconds is None:
        finder.diagnose(
            f"the schedule ({expression}) of {where} comes from setting "
            f"{trigger.setting!r}, which has no default: how often it runs is decided "
            "where the application is deployed"
            if trigger.setting is not None and trigger.setting_default is None
            else f"the interval of {where} ({expression}) is computed at run time",
            env.module,
            line,
        )
    return trigger


def _trigger_of(
    finder: ServiceFinder, value: Value | None, expression: str, setting: str | None
) -> Trigger:
    """The trigger a schedule value makes: a number of seconds, ``timedelta``,
    ``schedule(run_every)``, ``crontab``; ``unknown`` for anything else."""
    if isinstance(value, Setting):
        default = value.default
        if isinstance(default, Instance):
            return _trigger_of(finder, default, expression, value.name)
        if isinstance(default, Const) and default.value is not None and number(default) is None:
            return Trigger("unknown", expression=expression, setting=value.name)
        return Trigger("interval", number(default), None, expression, value.name, json_of(default))
    match value:
        case Const(int() | float() as seconds) if not isinstance(seconds, bool):
            return Trigger("interval", seconds, None, expression, setting, None)
        case Instance(External(dotted), call, call_env) if call is not None and call_env:
            kind = dotted.rpartition(".")[2]
            if kind == "timedelta" and dotted.startswith("datetime"):
                return _timedelta(finder, call, call_env, expression, setting)
            if kind == "crontab" and dotted.startswith("celery"):
                return _crontab(finder, call, call_env, expression, setting)
            if kind == "schedule" and dotted.startswith("celery"):
                run_every = _argument(call, 0, "run_every")
                if run_every is not None:
                    inner = _trigger_of(
                        finder, finder.project.evaluate(run_every, call_env), expression, setting
                    )
                    if inner.type == "interval":
                        return inner
    return Trigger("unknown", expression=expression, setting=setting)


def _setting_fields(values: dict[str, Value], setting: str | None) -> tuple[str | None, object]:
    for value in values.values():
        if isinstance(value, Setting):
            return value.name, json_of(value.default)
    return setting, None


def _call_fields(
    finder: ServiceFinder, call: Expr, env: Env, names: tuple[str, ...]
) -> dict[str, Value]:
    fields = {
        name: finder.project.evaluate(argument, env)
        for name, argument in zip(names, call[2], strict=False)
    }
    for name, argument in call[3]:
        if name in names:
            fields[name] = finder.project.evaluate(argument, env)
    return fields


def _timedelta(
    finder: ServiceFinder, call: Expr, env: Env, expression: str, setting: str | None
) -> Trigger:
    fields = _call_fields(finder, call, env, tuple(TIMEDELTA_FIELDS))
    total: float | None = 0
    for name, value in fields.items():
        amount = number(value)
        if amount is None or total is None:
            total = None
            continue
        total += amount * TIMEDELTA_FIELDS[name]
    if total is not None and float(total).is_integer():
        total = int(total)
    setting, default = _setting_fields(fields, setting)
    return Trigger("interval", total, None, expression, setting, default)


def _crontab(
    finder: ServiceFinder, call: Expr, env: Env, expression: str, setting: str | None
) -> Trigger:
    fields = _call_fields(finder, call, env, tuple(CRONTAB_FIELDS))
    cron = {
        CRONTAB_FIELDS[name]: describe_plain(fields[name])
        for name in CRONTAB_FIELDS
        if name in fields
    }
    setting, default = _setting_fields(fields, setting)
    return Trigger("cron", None, cron, expression, setting, default)
