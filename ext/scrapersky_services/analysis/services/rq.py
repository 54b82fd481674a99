"""RQ jobs: functions started wherever some code puts them on an RQ queue
(``q.enqueue(f, ...)``, ``q.enqueue_call(func=f)``, ``q.enqueue_in(delta, f)``,
``q.enqueue_at(when, f)``; the function also named by its dotted path,
``q.enqueue("app.jobs.f")``), and the jobs rq-scheduler repeats
(``scheduler.schedule(scheduled_time=..., func=f, interval=60)``,
``scheduler.cron("*/5 * * * *", func=f)``).

A queue is anything that evaluates to an ``rq`` ``Queue`` (a module variable, a factory
returning one, a parameter annotated ``Queue``) or an rq-scheduler ``Scheduler``. The
scheduler runs as its own process (``python -m app.scheduler``): a repeating job counts as
registered because its ``schedule``/``cron`` call is in a module of the tree, and its chain
goes up to the module body that runs it when nothing from the application reaches it. A
dotted path that names no project function, and a function computed at run time, are
reported as not resolvable statically. The ``@job`` decorator's ``.delay()`` is not
followed.
"""

from __future__ import annotations

from ..parse.facts import MODULE_SCOPE
from ..parse.facts import call_kwarg as kwarg
from ..parse.text import expr_text
from ..records import ChainStep, Registration, Trigger
from ..resolve.callgraph import Site
from ..resolve.project import Env
from ..resolve.values import UNKNOWN, Const, External, Function, Instance, Setting, Value
from .base import Kind, RawService, ServiceFinder, json_of, number

KINDS = (
    Kind("rq-job", "RQ job", spawned=True),
    Kind("rq-scheduled", "RQ scheduled job"),
)
ORDER = 60

#: Where each enqueueing method takes its function: (position, keyword).
ENQUEUERS = {
    "enqueue": (0, "f"),
    "enqueue_call": (0, "func"),
    "enqueue_in": (1, "func"),
    "enqueue_at": (1, "func"),
}
CRON_FIELDS = ("minute", "hour", "day", "month", "day_of_week")
CRON_ALIASES = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}


def find(finder: ServiceFinder) -> None:
    for method, (position, keyword) in ENQUEUERS.items():
        for site in finder.graph.sites(method):
            env = Env(site.module, site.scope, site.line - 0.5)
            if _owner(finder, site, env) is None:
                continue
            target = _target(finder, site, env, position, keyword)
            if target is not None:
                finder.spawn("rq-job", method, site, target, Trigger("task"))
    finder.settle_spawned("rq-job")
    for method in ("schedule", "cron"):
        for site in finder.graph.sites(method):
            env = Env(site.module, site.scope, site.line - 0.5)
            if _owner(finder, site, env) != "rq_scheduler":
                continue
            target = _target(finder, site, env, 1, "func")
            if target is None:
                continue
            if not isinstance(target, Function):
                finder.diagnose(
                    f"the function of {method}() cannot be resolved statically; "
                    "the scheduled job is not documented",
                    site.module,
                    site.line,
                )
                continue
            trigger = (
                _interval(finder, site, env) if method == "schedule" else _cron(finder, site, env)
            )
            _scheduled(finder, site, env, target, trigger)


def _owner(finder: ServiceFinder, site: Site, env: Env) -> str | None:
    """``rq`` or ``rq_scheduler`` when the call is a method of a queue or a scheduler."""
    if site.kind != "call" or site.call[1][0] != "a":
        return None
    match finder.project.evaluate(site.call[1][1], env):
        case Instance(External(dotted)) if dotted.split(".")[0] in ("rq", "rq_scheduler"):
            return dotted.split(".")[0]
    return None


def _target(
    finder: ServiceFinder, site: Site, env: Env, position: int, keyword: str
) -> Value | None:
    """The function a call puts on the queue; ``None`` (and a diagnostic) for a dotted
    path that names no project function."""
    call = site.call
    expr = kwarg(call, keyword)
    if expr is None and len(call[2]) > position:
        expr = call[2][position]
    value = finder.project.evaluate(expr, env) if expr is not None else UNKNOWN
    match value:
        case Const(str() as dotted):
            module, _, name = dotted.rpartition(".")
            if module in finder.project.modules:
                member = finder.project.module_member(module, name)
                if isinstance(member, Function):
                    return member
            finder.diagnose(
                f"{site.call[1][2]}({dotted!r}) names no function of the project; "
                "the job is not documented",
                site.module,
                site.line,
            )
            return None
    return value


def _interval(finder: ServiceFinder, site: Site, env: Env) -> Trigger:
    """``schedule(when, f, interval=n)``: every n seconds; without ``interval``, once."""
    call = site.call
    interval_expr = kwarg(call, "interval")
    if interval_expr is None:
        when = kwarg(call, "scheduled_time") or (call[2][0] if call[2] else None)
        return Trigger("date", expression=expr_text(when) if when is not None else "")
    value = finder.project.evaluate(interval_expr, env)
    setting, default = (
        (value.name, json_of(value.default)) if isinstance(value, Setting) else (None, None)
    )
    seconds = number(value)
    if seconds is None:
        finder.diagnose(
            f"the interval of schedule(..., interval={expr_text(interval_expr)}) comes from "
            f"setting {setting!r}, which has no default"
            if setting is not None
            else f"the interval {expr_text(interval_expr)} is computed at run time",
            site.module,
            site.line,
        )
    return Trigger(
        "interval", seconds, None, f"interval={expr_text(interval_expr)}", setting, default
    )


def _cron(finder: ServiceFinder, site: Site, env: Env) -> Trigger:
    """``cron("*/5 * * * *", f)``: the crontab's five fields."""
    call = site.call
    expr = kwarg(call, "cron_string") or (call[2][0] if call[2] else None)
    written = expr_text(expr) if expr is not None else ""
    value = finder.project.evaluate(expr, env) if expr is not None else UNKNOWN
    setting = value if isinstance(value, Setting) else None
    literal = json_of(value)
    text = CRON_ALIASES.get(literal, literal) if isinstance(literal, str) else None
    if text is None or len(text.split()) != 5:
        finder.diagnose(
            f"the crontab {written} cannot be resolved statically", site.module, site.line
        )
        return Trigger("cron", expression=written)
    return Trigger(
        "cron",
        None,
        dict(zip(CRON_FIELDS, text.split(), strict=True)),
        written,
        setting.name if setting else None,
        literal if setting else None,
    )


def _scheduled(
    finder: ServiceFinder, site: Site, env: Env, target: Function, trigger: Trigger
) -> None:
    service = RawService("rq-scheduled", (target.module, target.qualname), trigger)
    job_id = finder.project.evaluate(kwarg(site.call, "id"), env)
    if isinstance(job_id, Const) and isinstance(job_id.value, str):
        service.job_id = job_id.value
    service.site = (site.module, site.scope, site.line)
    registration, reached = finder.registration(site, [])
    if not reached:
        # the scheduler script: up to the module body that runs it, if any
        path = finder.graph.path_up(site.caller, lambda key: key[1] == MODULE_SCOPE) or []
        chain = tuple(ChainStep(step.module, step.scope, step.line) for step in [*path, site])
        registration = Registration(site.module, site.scope, site.line, None, True, chain, "")
    service.registration = registration
    service.registered = True
    finder.services.append(service)
