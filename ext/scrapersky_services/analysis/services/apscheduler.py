"""APScheduler jobs: ``add_job`` / ``add_schedule`` calls (also through helpers that
forward their arguments) and ``@scheduled_job`` functions, with their triggers (interval,
cron, crontab, date; values read from settings) and the scheduler objects they run on.

Jobs are found the ways real projects register them: on a scheduler a class owns
(``self._scheduler.add_job(self.sync, ...)``), from data registered in a loop
(``for job in JOBS: scheduler.add_job(**job)``), and in job modules a loader imports at run
time (``importlib.import_module(f"app.jobs.{path.stem}")``), which is reported with its file
and line; their jobs count as registered through that loader.

It is long because APScheduler's call forms (positional or keyword trigger, trigger
objects, ``**`` data, wrappers, decorators, string references) and the scheduler objects
all resolve against one set of keyword and trigger rules.
"""

from __future__ import annotations

import re

from ..parse.discovery import NOT_A_MODULE_NAME
from ..parse.facts import MODULE_SCOPE, Expr, assigned_call
from ..parse.facts import call_kwarg as kwarg
from ..parse.text import expr_text
from ..records import ChainStep, Registration, Scheduler, Trigger
from ..resolve.callgraph import CallGraph, FuncKey, Site
from ..resolve.expand import bind_arguments, expanded_envs
from ..resolve.project import Env, Project
from ..resolve.values import (
    UNKNOWN,
    Const,
    External,
    Function,
    Instance,
    Items,
    Mapping,
    Param,
    Setting,
    Value,
    string_of,
    value_text,
)
from .base import (
    Kind,
    RawService,
    ServiceFinder,
    describe,
    describe_plain,
    json_of,
    keywords_of,
    number,
)

KINDS = (
    Kind("apscheduler-interval", "Scheduled job (interval)"),
    Kind("apscheduler-cron", "Scheduled job (cron)"),
    Kind("apscheduler-date", "Scheduled job (one-off)"),
)
ORDER = 10
KIND_NAMES = frozenset(kind.name for kind in KINDS)

INTERVAL_FIELDS = {"weeks": 604800, "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1}
CRON_FIELDS = ("year", "month", "day", "week", "day_of_week", "hour", "minute", "second")
CRONTAB_FIELDS = ("minute", "hour", "day", "month", "day_of_week")
TRIGGER_CLASSES = {"IntervalTrigger": "interval", "CronTrigger": "cron", "DateTrigger": "date"}
#: How many helpers forwarding their arguments to ``add_job`` are followed.
MAX_WRAPPER_DEPTH = 3


def find(finder: ServiceFinder) -> None:
    # add_job (APScheduler 3) and add_schedule (APScheduler 4) take (func, trigger, ...)
    for name in ("add_job", "add_schedule"):
        for site in finder.graph.sites(name):
            if site.kind != "call" or site.call[1][0] != "a":
                continue
            base_env = Env(site.module, site.scope, site.line - 0.5)
            _add_job_call(finder, site, base_env, [], 0)
    _runtime_loaded_jobs(finder)
    for module, facts in finder.project.modules.items():
        for qualname in facts.decorated:
            function = facts.function(qualname)
            for decorator in function.decorators:
                if (
                    decorator[0] == "k"
                    and decorator[1][0] == "a"
                    and decorator[1][2] == "scheduled_job"
                ):
                    _decorated_job(finder, module, qualname, function.line, decorator)


def _add_job_call(
    finder: ServiceFinder, site: Site, env: Env, outer: list[Site], depth: int
) -> None:
    call = site.call
    for current in expanded_envs(finder.project, site.module, site.scope, site.ctx, env):
        keywords, values = _keywords(finder.project, call, current)
        if call[2]:
            func_expr = call[2][0]
            target = finder.project.evaluate(func_expr, current)
        elif "func" in keywords:  # func=..., or a "func" key of a spread dict
            func_expr = keywords.pop("func")
            target = values.pop("func")
        else:
            finder.diagnose("add_job call without a job function", site.module, site.line)
            continue
        if isinstance(target, Param) and depth < MAX_WRAPPER_DEPTH:
            _through_wrapper(finder, site, outer, depth)
            return
        match target:
            case Const(str() as reference) if ":" in reference:  # "package.module:function"
                module_name, _, name = reference.partition(":")
                if module_name in finder.project.modules:
                    target = finder.project.module_member(module_name, name)
                elif not all(part.isidentifier() for part in module_name.split(".")):
                    finder.diagnose(
                        f"add_job({expr_text(func_expr)}, ...) names the module "
                        f"{module_name}, which is {NOT_A_MODULE_NAME} "
                        f"({_module_path(finder, module_name)} is left out of the analysis): "
                        "the job is not documented",
                        site.module,
                        site.line,
                    )
                    continue
        if not isinstance(target, Function):
            finder.diagnose(
                f"the job function of add_job({expr_text(func_expr)}, ...) cannot be resolved "
                "statically; the job is not documented",
                site.module,
                site.line,
            )
            continue
        trigger_value = None
        if len(call[2]) > 1:
            trigger_expr = call[2][1]
        else:
            trigger_expr = keywords.pop("trigger", None)
            trigger_value = values.pop("trigger", None)
        service = _job(
            finder,
            (target.module, target.qualname),
            trigger_expr,
            keywords,
            current,
            site.module,
            site.line,
            shift=0,
            values=values,
            trigger_value=trigger_value,
        )
        service.site = (site.module, site.scope, site.line)
        service.scheduler = _scheduler_of(finder.project.evaluate(call[1][1], current))
        service.registration, service.registered = finder.registration(site, outer)
        finder.services.append(service)


def _keywords(project: Project, call: Expr, env: Env) -> tuple[dict[str, Expr], dict[str, Value]]:
    """The keyword arguments of a call (their expressions, and their values where the call
    is): ``**`` of a literal dict or of a variable assigned one spread into them (see
    :func:`.base.keywords_of`), and ``**job`` / ``**job["kwargs"]`` of a value known only
    once a loop is unrolled (a dict of a job list) spread too, each key written as the
    value it holds (there is no expression for it at the call)."""
    keywords = keywords_of(project, call, env)
    values = {name: project.evaluate(expr, env) for name, expr in keywords.items()}
    for name, argument in call[3]:
        if name is not None or _literal_dict(project, argument, env):
            continue
        match project.evaluate(argument, env):
            case Mapping(pairs):
                for key, value in pairs:
                    if (text := string_of(key)) is not None and text not in keywords:
                        keywords[text] = _written(value)
                        values[text] = value
    return keywords, values


def _literal_dict(project: Project, expr: Expr, env: Env) -> bool:
    """Whether :func:`.base.keywords_of` spreads ``**expr`` itself."""
    if expr[0] == "n":
        assigned = project.assigned_expr(expr[1], env)
        if assigned is not None:
            expr = assigned[0]
    return expr[0] == "d"


def _written(value: Value) -> Expr:
    """An expression standing for a value whose own expression is not at hand."""
    match value:
        case Const(literal):
            return ("c", literal)
        case Instance(_, call) if call is not None:  # IntervalTrigger(minutes=5)
            return call
    return ("n", value_text(value))


def _module_path(finder: ServiceFinder, module_name: str) -> str:
    """The file a dotted module name stands for, next to its package's files."""
    package, _, last = module_name.rpartition(".")
    facts = finder.project.modules.get(package)
    if facts is None or not facts.is_package:
        return module_name.replace(".", "/") + ".py"
    folder = facts.relpath.rpartition("/")[0]
    return f"{folder}/{last}.py" if folder else f"{last}.py"


#: Functions that import a module by a name they compute.
MODULE_LOADERS = (External("importlib.import_module"), External("builtins.__import__"))


def _runtime_loaded_jobs(finder: ServiceFinder) -> None:
    """Jobs added by modules a loader imports by a computed name, typically a folder of
    job modules globbed at start-up, each asked to register its jobs::

        for path in Path(__file__).parent.glob("*.py"):
            module = importlib.import_module(f"app.jobs.{path.stem}")
            module.register(scheduler)

    Which modules are loaded is decided at run time: one diagnostic at the loader names
    the package (``app.jobs``, from the constant start of the name). A job added under the
    hook the loader calls (``register``) of a module of that package, and registered by
    no known chain, is taken as registered *through a module loaded at run time*: its
    registration is the loader's call of the hook (where the loader runs and under which
    conditions, its chain from the entry point), followed by the steps inside the job
    module down to ``add_job``.
    """
    project, graph = finder.project, finder.graph
    jobs_by_module: dict[str, list[RawService]] = {}
    for service in finder.services:
        if service.kind in KIND_NAMES and service.site[0]:
            jobs_by_module.setdefault(service.site[0], []).append(service)
    if not jobs_by_module:
        return
    for name in ("import_module", "__import__"):
        for site in graph.sites(name):
            if site.kind != "call" or not site.call[2] or site.call[2][0][0] == "c":
                continue
            env = Env(site.module, site.scope, site.line)
            if project.evaluate(site.call[1], env) not in MODULE_LOADERS:
                continue
            package = _loaded_package(project, site.module, site.call[2][0])
            if package is None:
                continue
            modules = [module for module in jobs_by_module if module.startswith(f"{package}.")]
            if not modules:
                continue
            folder = finder.path_of(package).rpartition("/")[0] or package
            hooks = _hook_calls(finder, site)
            finder.diagnose(
                f"the job modules of {folder}/ are imported at run time "
                f"({expr_text(site.call)}): which of them are loaded "
                + (
                    "is not known statically; the jobs their "
                    f"{', '.join(sorted({hook.call[1][2] for hook in hooks}))}() adds are "
                    "documented as registered through this loader"
                    if hooks
                    else "(so whether their jobs are registered) is not known statically"
                ),
                site.module,
                site.line,
            )
            for hook in hooks:
                loader, reachable = finder.registration(hook, [])
                for module in modules:
                    for service in jobs_by_module[module]:
                        if service.registered:
                            continue
                        steps = graph.path_up(
                            (module, service.site[1]),
                            lambda key, module=module, attr=hook.call[1][2]: key == (module, attr),
                        )
                        if steps is None:
                            continue
                        service.registered = reachable
                        service.registration = Registration(
                            hook.module,
                            hook.scope,
                            hook.line,
                            loader.condition,
                            loader.enabled_by_default,
                            (
                                *loader.chain,
                                *(ChainStep(s.module, s.scope, s.line) for s in steps),
                                ChainStep(*service.site),
                            ),
                            loader.entry,
                        )


def _loaded_package(project: Project, module: str, name: Expr) -> str | None:
    """The package a computed module name is in: its constant start (``f"app.jobs.{x}"``,
    ``"app.jobs." + x``), when that names a project package."""
    first = None
    if name[0] == "fs" and name[1] and name[1][0][0] == "c":
        first = name[1][0][1]
    elif name[0] == "b" and name[1] == "+" and name[2][0] == "c":
        first = name[2][1]
    if not isinstance(first, str) or "." not in first:
        return None
    level = len(first) - len(first.lstrip("."))
    dotted = first[level:].rpartition(".")[0]
    if level:  # import_module(f".{name}", __package__)
        dotted = project.absolute(module, level, dotted or None) or ""
    facts = project.modules.get(dotted)
    return dotted if facts is not None and facts.is_package else None


def _hook_calls(finder: ServiceFinder, loader: Site) -> list[Site]:
    """Calls, in the loader's function, of a function of the module it imported
    (``module.register(scheduler)``, ``import_module(name).register(scheduler)``)."""
    found = []
    function = finder.project.modules[loader.module].function(loader.scope)
    if function is None:
        return found
    names = {
        stmt[3][0][1]
        for stmt in function.stmts
        if stmt[0] == "assign"
        and len(stmt[3]) == 1
        and stmt[3][0][0] == "n"
        and stmt[4] == loader.call
    }
    for line, _, call in finder.project.calls_in(loader.module, loader.scope):
        func = call[1]
        if func[0] != "a" or not (
            func[1] == loader.call or (func[1][0] == "n" and func[1][1] in names)
        ):
            continue
        for site in finder.graph.sites(func[2]):
            if site.caller == loader.caller and site.line == line and site.call == call:
                found.append(site)
                break
    return found


def _through_wrapper(finder: ServiceFinder, site: Site, outer: list[Site], depth: int) -> None:
    """``add_job`` inside a helper that forwards its arguments: one job per caller."""
    wrapper = site.caller
    function = finder.project.modules[wrapper[0]].function(wrapper[1])
    for caller in finder.graph.callers(wrapper):
        if caller.kind != "call":
            continue
        caller_env = Env(caller.module, caller.scope, caller.line - 0.5)
        for current in expanded_envs(
            finder.project, caller.module, caller.scope, caller.ctx, caller_env
        ):
            bindings = bind_arguments(finder.project, function, caller.call, current)
            _add_job_call(
                finder,
                site,
                Env(site.module, site.scope, site.line - 0.5, bindings),
                [caller, *outer],
                depth + 1,
            )


def _decorated_job(
    finder: ServiceFinder, module: str, qualname: str, line: int, decorator: Expr
) -> None:
    env = Env(module, MODULE_SCOPE, line)
    trigger_expr = decorator[2][0] if decorator[2] else kwarg(decorator, "trigger")
    keywords = {name: value for name, value in decorator[3] if name is not None}
    service = _job(finder, (module, qualname), trigger_expr, keywords, env, module, line, shift=0)
    service.site = (module, MODULE_SCOPE, line)
    service.scheduler = _scheduler_of(finder.project.evaluate(decorator[1][1], env))
    reachable = module in finder.roots.reachable
    service.registered = reachable
    service.registration = Registration(
        module,
        MODULE_SCOPE,
        line,
        None,
        True if reachable else None,
        (ChainStep(module, MODULE_SCOPE, line),),
        "import" if reachable else "",
    )
    finder.services.append(service)


def _job(
    finder: ServiceFinder,
    target: FuncKey,
    trigger_expr: Expr | None,
    keywords: dict[str, Expr],
    env: Env,
    module: str,
    line: int,
    shift: int,
    values: dict[str, Value] | None = None,
    trigger_value: Value | None = None,
) -> RawService:
    """One job; ``values`` (of ``keywords``) and ``trigger_value`` when already known (a
    spread dict's values), else evaluated in ``env``."""
    if values is None:
        values = {name: finder.project.evaluate(expr, env) for name, expr in keywords.items()}
    trigger, kind = _trigger(
        finder, trigger_expr, keywords, values, env, module, line, trigger_value
    )
    service = RawService(kind, target, trigger)
    service.job_id = string_of(values.get("id"))
    service.name = string_of(values.get("name"))
    service.max_instances = json_of(values.get("max_instances"))
    service.coalesce = json_of(values.get("coalesce"))
    match values.get("kwargs"):
        case Mapping(pairs):
            for key, value in pairs:
                if name := string_of(key):
                    service.kwargs[name] = describe(value)
                    service.bindings[name] = value
    function = finder.project.modules[target[0]].function(target[1])
    match values.get("args"):
        case Items(items) if function is not None:
            for (param, _, _), value in zip(function.params, items, strict=False):
                service.bindings[param.lstrip("*")] = value
    return service


def _trigger(
    finder: ServiceFinder,
    trigger_expr: Expr | None,
    keywords: dict[str, Expr],
    values: dict[str, Value],
    env: Env,
    module: str,
    line: int,
    trigger_value: Value | None = None,
) -> tuple[Trigger, str]:
    if trigger_value is None and trigger_expr is not None:
        trigger_value = finder.project.evaluate(trigger_expr, env)
    fields_exprs = dict(keywords)
    fields_values = dict(values)
    trigger_type: str | None = None
    expression = expr_text(trigger_expr) if trigger_expr is not None else ""
    if trigger_value is None:
        trigger_type = "date"
    elif isinstance(trigger_value, Const) and isinstance(trigger_value.value, str):
        trigger_type = trigger_value.value
    elif isinstance(trigger_value, Instance) and isinstance(trigger_value.cls, External):
        class_name = trigger_value.cls.dotted.rpartition(".")[2]
        call, call_env = trigger_value.call, trigger_value.env
        if class_name == "from_crontab" and call is not None:
            crontab = finder.project.evaluate(call[2][0], call_env) if call[2] else UNKNOWN
            return _crontab(finder, crontab, expression, module, line), "apscheduler-cron"
        trigger_type = TRIGGER_CLASSES.get(class_name)
        if call is not None:
            fields_exprs = {name: value for name, value in call[3] if name is not None}
            fields_values = {
                name: finder.project.evaluate(value, call_env)
                for name, value in fields_exprs.items()
            }
    if trigger_type not in ("interval", "cron", "date"):
        finder.diagnose(
            f"the trigger {expression or '(none)'} cannot be resolved statically",
            module,
            line,
        )
        if any(name in INTERVAL_FIELDS for name in keywords):
            trigger_type = "interval"
        elif any(name in CRON_FIELDS for name in keywords):
            trigger_type = "cron"
        else:
            return Trigger("unknown", expression=expression), "apscheduler-date"
    written = ", ".join(
        f"{name}={expr_text(fields_exprs[name])}"
        for name in fields_exprs
        if name in INTERVAL_FIELDS or name in CRON_FIELDS or name == "run_date"
    )
    if trigger_expr is not None and isinstance(trigger_value, Const):
        expression = f"{trigger_type}: {written}" if written else trigger_type
    elif not expression:
        expression = written
    setting, setting_default = None, None
    for name in [*INTERVAL_FIELDS, *CRON_FIELDS]:
        value = fields_values.get(name)
        if isinstance(value, Setting):
            setting, setting_default = value.name, json_of(value.default)
            break
    if trigger_type == "interval":
        total: float | None = 0
        present = False
        for name, seconds in INTERVAL_FIELDS.items():
            value = fields_values.get(name)
            if value is None:
                continue
            present = True
            amount = number(value)
            if amount is None:
                total = None
                break
            total += amount * seconds
        if not present:
            total = None
        if total is None:
            finder.diagnose(
                f"the interval ({expression or 'this job'}) comes from setting "
                f"{setting!r}, which has no default: how often the job runs is decided "
                "where the application is deployed"
                if setting is not None and setting_default is None
                else f"the interval of {expression or 'this job'} is computed at run time",
                module,
                line,
            )
        return (
            Trigger("interval", total, None, expression, setting, setting_default),
            "apscheduler-interval",
        )
    if trigger_type == "cron":
        cron = {}
        for name in CRON_FIELDS:
            value = fields_values.get(name)
            if value is not None:
                cron[name] = describe_plain(value)
        return Trigger("cron", None, cron, expression, setting, setting_default), "apscheduler-cron"
    return Trigger("date", None, None, expression, setting, setting_default), "apscheduler-date"


def _crontab(
    finder: ServiceFinder, crontab: Value, expression: str, module: str, line: int
) -> Trigger:
    setting = None
    if isinstance(crontab, Setting):
        setting = crontab.name
        crontab = crontab.default
    text = string_of(crontab)
    if text is None or len(text.split()) != 5:
        finder.diagnose(f"the crontab of {expression} cannot be resolved statically", module, line)
        return Trigger("cron", expression=expression)
    cron = dict(zip(CRONTAB_FIELDS, text.split(), strict=True))
    return Trigger("cron", None, cron, expression, setting, text if setting else None)


def _scheduler_of(value: Value) -> tuple[str, int] | None:
    """``(module, line)`` of the call that made a scheduler object."""
    match value:
        case Instance(_, call, env) if call is not None and env is not None:
            return (env.module, call[4])
    return None


SCHEDULER_CLASS = re.compile(r"(^apscheduler\.|Scheduler$)")


def _scheduler_modules(project: Project) -> set[str]:
    """Modules whose body may create a scheduler: they call a ``...Scheduler`` class (under
    any alias), or a function of a module that does (a factory)."""
    makers = {
        name
        for facts in project.modules.values()
        for name in facts.call_names
        if SCHEDULER_CLASS.search(name)
    }
    for facts in project.modules.values():
        for fact in facts.imports:
            makers.update(asname for name, asname in fact.names if asname and name in makers)
    # only the names some module body calls can matter, each looked up on its own: a new
    # function nothing calls at import time does not make the cached catalog stale
    called: set[str] = set()
    for facts in project.modules.values():
        called.update(facts.module_calls)
    factories = set()
    for facts in project.modules.values():
        if not makers.isdisjoint(facts.call_names):
            factories.update(name for name in called if facts.binds(name))
    calls = makers | factories
    return {
        module
        for module, facts in project.modules.items()
        if not calls.isdisjoint(facts.module_calls)
    }


def find_schedulers(
    project: Project, graph: CallGraph, services: list[tuple[RawService, str]]
) -> list[Scheduler]:
    """Module-level scheduler objects, where they start and stop, and their jobs."""
    found: dict[tuple[str, int], dict] = {}
    for module in sorted(_scheduler_modules(project)):
        scope = project.modules[module].function(MODULE_SCOPE)
        for stmt in scope.stmts if scope else ():
            assigned = assigned_call(stmt)
            if assigned is None:
                continue
            variable, made = assigned
            value = project.evaluate(made, Env(module, MODULE_SCOPE, stmt[1]))
            match value:
                case Instance(External(cls), _, made_in) if (
                    SCHEDULER_CLASS.search(cls) and made_in is not None and made_in.module == module
                ):
                    pass
                case _:
                    continue
            options = {name: expr_text(argument) for name, argument in made[3] if name}
            found[(module, made[4])] = {
                "key": f"{module}:{variable}",
                "module": module,
                "variable": variable,
                "line": stmt[1],
                "cls": cls,
                "options": options,
                "start": [],
                "shutdown": [],
                "jobs": [],
            }
    for name in ("start", "shutdown"):
        for site in graph.sites(name):
            if site.kind != "call" or site.call[1][0] != "a":
                continue
            owner = _scheduler_of(
                project.evaluate(site.call[1][1], Env(site.module, site.scope, site.line))
            )
            if owner in found:
                found[owner][name].append(ChainStep(site.module, site.scope, site.line))
    for service, service_id in services:
        if service.scheduler in found:
            found[service.scheduler]["jobs"].append(service_id)
    return [
        Scheduler(
            entry["key"],
            entry["module"],
            entry["variable"],
            entry["line"],
            entry["cls"],
            entry["options"],
            tuple(entry["start"]),
            tuple(entry["shutdown"]),
            tuple(sorted(entry["jobs"])),
        )
        for _, entry in sorted(found.items())
    ]
