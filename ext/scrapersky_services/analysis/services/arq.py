"""arq jobs: the functions a ``WorkerSettings`` class lists (``functions = [f,
func(g, name="g")]``), started wherever some code calls ``enqueue_job("name", ...)`` on
an arq pool; and its cron jobs (``cron_jobs = [cron(f, hour={3}, minute=0)]``).

The worker is its own process (``arq app.worker.WorkerSettings``), which nothing in the
FastAPI application reaches: a job or cron job counts as registered because its
``WorkerSettings`` is declared in a module of the tree. A listed function nothing enqueues
is still a job (registered, no starters). ``enqueue_job`` with a name no listed function
has, or with a name computed at run time, is reported as not resolvable statically.

A worker settings class is looked for in the modules that import ``arq`` or bind
``WorkerSettings``; settings passed as a dict to ``run_worker`` are not followed.
"""

from __future__ import annotations

from ..parse.facts import MODULE_SCOPE, Expr
from ..parse.facts import call_kwarg as kwarg
from ..parse.text import expr_text
from ..records import ChainStep, Registration, Trigger
from ..resolve.callgraph import FuncKey
from ..resolve.project import Env, Project
from ..resolve.values import Const, External, Function, Items, Setting, Value
from .base import Kind, RawService, ServiceFinder, describe_plain, json_of, number

KINDS = (
    Kind("arq-job", "arq job", spawned=True),
    Kind("arq-cron", "arq cron job"),
)
ORDER = 60

#: arq's ``cron`` fields, in its order, and the catalog's name for each.
CRON_FIELDS = {
    "month": "month",
    "day": "day",
    "weekday": "day_of_week",
    "hour": "hour",
    "minute": "minute",
    "second": "second",
}
#: ``(first, one past the last)`` value of each field: a ``range`` that covers it with a
#: step is ``*/step``.
FIELD_SPAN = {
    "month": (1, 13),
    "day": (1, 32),
    "weekday": (0, 7),
    "hour": (0, 24),
    "minute": (0, 60),
    "second": (0, 60),
}
COLLECTIONS = frozenset({"builtins.set", "builtins.frozenset", "builtins.list", "builtins.tuple"})


def find(finder: ServiceFinder) -> None:
    project = finder.project
    arq_modules = [module for module, facts in project.modules.items() if _uses_arq(facts)]
    if not arq_modules:
        return
    listed: dict[str, list[tuple[FuncKey, str, int]]] = {}
    for module in arq_modules:
        for klass in project.modules[module].classes.values():
            for name, line, _, value in klass.attrs:
                if value is None:
                    continue
                if name == "functions":
                    _functions(finder, module, line, value, listed)
                elif name == "cron_jobs":
                    _cron_jobs(finder, module, line, value)
    started: set[FuncKey] = set()
    for site in finder.graph.sites("enqueue_job"):
        if site.kind != "call" or site.call[1][0] != "a":
            continue
        call = site.call
        name_expr = call[2][0] if call[2] else kwarg(call, "function")
        env = Env(site.module, site.scope, site.line - 0.5)
        name = project.evaluate(name_expr, env) if name_expr is not None else None
        if not (isinstance(name, Const) and isinstance(name.value, str)):
            finder.diagnose(
                f"the job name of enqueue_job({expr_text(name_expr) if name_expr else ''}) "
                "cannot be resolved statically; which job it starts is not documented",
                site.module,
                site.line,
            )
            continue
        targets = listed.get(name.value)
        if not targets:
            finder.diagnose(
                f"enqueue_job({name.value!r}) names no function a WorkerSettings lists; "
                "the job is not documented",
                site.module,
                site.line,
            )
            continue
        for key, _, _ in targets:
            service = finder.spawn("arq-job", "enqueue_job", site, Function(*key), Trigger("task"))
            if service is not None:
                started.add(key)
    where = {
        key: (job_name, module, line)
        for job_name, targets in reversed(listed.items())
        for key, module, line in reversed(targets)
    }
    for service in finder.settle_spawned("arq-job"):
        job_name, module, line = where[service.target]
        service.name = job_name
        service.registration = _declared(module, line)
        service.registered = True
    for key, (job_name, module, line) in sorted(where.items(), key=lambda item: item[1][1:]):
        if key in started:
            continue
        service = RawService("arq-job", key, Trigger("task"), name=job_name)
        service.registered = True
        service.registration = _declared(module, line)
        service.site = (module, MODULE_SCOPE, line)
        finder.services.append(service)


def _uses_arq(facts) -> bool:
    return facts.binds("WorkerSettings") or any(
        fact.level == 0 and fact.module and fact.module.split(".")[0] == "arq"
        for fact in facts.imports
    )


def _declared(module: str, line: int) -> Registration:
    """Where a worker settings class lists the job: the worker's own entry point."""
    return Registration(
        module, MODULE_SCOPE, line, None, True, (ChainStep(module, MODULE_SCOPE, line),), "worker"
    )


def _items(project: Project, expr: Expr, env: Env) -> list[tuple[Expr, Env]] | None:
    """The items of a list written in the code (or a variable holding one, or a sum)."""
    if expr[0] == "n":
        assigned = project.assigned_expr(expr[1], env)
        if assigned is None:
            return None
        expr, env = assigned
    if expr[0] == "l":
        return [(item, env) for item in expr[1]]
    if expr[0] == "b" and expr[1] == "+":
        left, right = _items(project, expr[2], env), _items(project, expr[3], env)
        return None if left is None or right is None else left + right
    return None


def _callee(project: Project, call: Expr, env: Env) -> str:
    """``func`` / ``cron`` when the call is arq's, else ``""``."""
    match project.evaluate(call[1], env):
        case External(dotted) if dotted.split(".")[0] == "arq":
            return dotted.rpartition(".")[2]
    return ""


def _function(project: Project, expr: Expr | None, env: Env) -> tuple[Value, str | None]:
    """The job function an entry names, and the name arq gives it by default."""
    value = project.evaluate(expr, env)
    match value:
        case Const(str() as dotted):  # func("app.tasks.generate_report")
            module, _, name = dotted.rpartition(".")
            if module in project.modules:
                member = project.module_member(module, name)
                if isinstance(member, Function):
                    return member, dotted
            return value, dotted
        case Function(_, qualname):
            return value, qualname.rpartition(".")[2]
    return value, None


def _functions(
    finder: ServiceFinder,
    module: str,
    line: int,
    expr: Expr,
    listed: dict[str, list[tuple[FuncKey, str, int]]],
) -> None:
    project = finder.project
    env = Env(module, MODULE_SCOPE, line)
    items = _items(project, expr, env)
    if items is None:
        finder.diagnose(
            f"the worker's functions ({expr_text(expr)}) cannot be resolved statically; "
            "its jobs are not documented",
            module,
            line,
        )
        return
    for item, item_env in items:
        item_line = item[4] if item[0] == "k" else line
        name: str | None = None
        if item[0] == "k" and _callee(project, item, item_env) == "func":
            target_expr = item[2][0] if item[2] else kwarg(item, "coroutine")
            target, name = _function(project, target_expr, item_env)
            name_value = project.evaluate(kwarg(item, "name"), item_env)
            if isinstance(name_value, Const) and isinstance(name_value.value, str):
                name = name_value.value
        else:
            target, name = _function(project, item, item_env)
        if not isinstance(target, Function) or name is None:
            finder.diagnose(
                f"the worker function {expr_text(item)} names no function of the project; "
                "it is not documented"
                if isinstance(target, Const)
                else f"the worker function {expr_text(item)} cannot be resolved statically; "
                "it is not documented",
                module,
                item_line,
            )
            continue
        listed.setdefault(name, []).append(((target.module, target.qualname), module, item_line))


def _cron_jobs(finder: ServiceFinder, module: str, line: int, expr: Expr) -> None:
    project = finder.project
    env = Env(module, MODULE_SCOPE, line)
    items = _items(project, expr, env)
    if items is None:
        finder.diagnose(
            f"the worker's cron_jobs ({expr_text(expr)}) cannot be resolved statically; "
            "its cron jobs are not documented",
            module,
            line,
        )
        return
    for item, item_env in items:
        if item[0] != "k" or _callee(project, item, item_env) != "cron":
            finder.diagnose(
                f"the cron job {expr_text(item)} cannot be resolved statically; "
                "it is not documented",
                module,
                line,
            )
            continue
        item_line = item[4]
        target_expr = item[2][0] if item[2] else kwarg(item, "coroutine")
        target, default_name = _function(project, target_expr, item_env)
        if not isinstance(target, Function):
            finder.diagnose(
                f"the function of {expr_text(item)} cannot be resolved statically; "
                "the cron job is not documented",
                module,
                item_line,
            )
            continue
        service = RawService(
            "arq-cron",
            (target.module, target.qualname),
            _cron_trigger(finder, item, item_env),
        )
        name_value = project.evaluate(kwarg(item, "name"), item_env)
        service.name = (
            name_value.value
            if isinstance(name_value, Const) and isinstance(name_value.value, str)
            else f"cron:{default_name}"
        )
        job_id = project.evaluate(kwarg(item, "job_id"), item_env)
        if isinstance(job_id, Const) and isinstance(job_id.value, str):
            service.job_id = job_id.value
        service.registered = True
        service.registration = _declared(module, item_line)
        service.site = (module, MODULE_SCOPE, item_line)
        finder.services.append(service)


def _cron_trigger(finder: ServiceFinder, call: Expr, env: Env) -> Trigger:
    cron: dict[str, str] = {}
    setting: Setting | None = None
    for field, catalog_name in CRON_FIELDS.items():
        expr = kwarg(call, field)
        if expr is None:
            continue
        text, found = _field_text(finder.project, field, expr, env)
        cron[catalog_name] = text
        setting = setting or found
    return Trigger(
        "cron",
        None,
        cron,
        expr_text(call),
        setting.name if setting else None,
        json_of(setting.default) if setting else None,
    )


def _field_text(project: Project, field: str, expr: Expr, env: Env) -> tuple[str, Setting | None]:
    """One cron field as cron text (``{0, 30}`` -> ``0,30``, a stepped ``range`` over the
    whole field -> ``*/5``), and the setting it reads, if any."""
    if expr[0] == "k":
        match project.evaluate(expr[1], env):
            case External(dotted) if dotted in COLLECTIONS and len(expr[2]) == 1:
                return _field_text(project, field, expr[2][0], env)
            case External("builtins.range"):
                return _range_text(project, field, expr, env), None
    value = project.evaluate(expr, env)
    match value:
        case Items(items):
            numbers = [number(item) for item in items]
            setting = next((item for item in items if isinstance(item, Setting)), None)
            if setting is None and all(isinstance(item, int) for item in numbers):
                return ",".join(str(item) for item in sorted(numbers)), None
            return ",".join(describe_plain(item) for item in items), setting
        case Setting():
            return describe_plain(value), value
        case Const(str() | int() as literal) if not isinstance(literal, bool):
            return str(literal), None
    return expr_text(expr), None


def _range_text(project: Project, field: str, call: Expr, env: Env) -> str:
    bounds = [number(project.evaluate(argument, env)) for argument in call[2]]
    if not bounds or len(bounds) > 3 or not all(isinstance(bound, int) for bound in bounds):
        return expr_text(call)
    start, stop, step = (0, bounds[0], 1) if len(bounds) == 1 else (*bounds[:2], 1)
    if len(bounds) == 3:
        step = bounds[2]
    first, end = FIELD_SPAN[field]
    if start == first and stop >= end and step > 0:
        return "*" if step == 1 else f"*/{step}"
    return expr_text(call)
