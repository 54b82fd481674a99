"""Background services: scheduler jobs, background tasks, asyncio tasks and polling loops,
with their triggers and how (and whether) they get registered.

It is long because the four kinds of service share one finder (:class:`ServiceFinder`):
their triggers, registrations and callers are resolved the same way.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from ..model.routes import RouteMap
from ..parse.facts import MODULE_SCOPE, Expr
from ..parse.text import expr_text, value_text
from ..records import ChainStep, Diagnostic, EndpointRef, Registration, Scheduler, Trigger
from ..resolve.callgraph import CallGraph, FuncKey, Site
from ..resolve.conditions import condition_tests, conditions_at
from ..resolve.expand import expanded_envs
from ..resolve.project import Env, Project, Value

INTERVAL_FIELDS = {"weeks": 604800, "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1}
CRON_FIELDS = ("year", "month", "day", "week", "day_of_week", "hour", "minute", "second")
CRONTAB_FIELDS = ("minute", "hour", "day", "month", "day_of_week")
TRIGGER_CLASSES = {"IntervalTrigger": "interval", "CronTrigger": "cron", "DateTrigger": "date"}
ASYNCIO_SPAWNERS = frozenset(
    {"asyncio.create_task", "asyncio.ensure_future", "asyncio.tasks.create_task"}
)
OUTCOME = re.compile(r"^\s*(?:Business\s+)?Outcome\s*:\s*(.*)$", re.IGNORECASE)
MAX_WRAPPER_DEPTH = 3


@dataclass
class RawService:
    kind: str
    target: FuncKey
    trigger: Trigger
    registered: bool = False
    registration: Registration | None = None
    job_id: str | None = None
    name: str | None = None
    max_instances: Any = None
    coalesce: Any = None
    kwargs: dict[str, str] = field(default_factory=dict)
    bindings: dict[str, Value] = field(default_factory=dict)
    """Argument values the scheduler or spawner passes to the target."""
    spawn_sites: list[Site] = field(default_factory=list)
    endpoints: list[EndpointRef] = field(default_factory=list)
    loop_helper: FuncKey | None = None
    scheduler: tuple[str, int] | None = None
    """``(module, line)`` of the call that created the scheduler it is registered on."""
    site: tuple[str, str, int] = ("", "", 0)
    """Where it is registered or spawned: ``(module, function, line)``."""


@dataclass
class Roots:
    """Where the application starts running code: import time, lifespan, startup hooks."""

    reachable: set[str]
    lifespan: set[FuncKey] = field(default_factory=set)
    startup: set[FuncKey] = field(default_factory=set)

    def entry(self, key: FuncKey) -> str | None:
        if key in self.lifespan:
            return "lifespan"
        if key in self.startup:
            return "startup"
        if key[1] == MODULE_SCOPE and key[0] in self.reachable:
            return "import"
        return None


def find_roots(
    project: Project, graph: CallGraph, entries: list[str], reachable: set[str]
) -> Roots:
    roots = Roots(reachable)
    for name in ("FastAPI", "Starlette", "APIRouter"):
        for site in graph.sites(name):
            if site.kind != "call" or site.module not in reachable:
                continue
            env = Env(site.module, site.scope, site.line)
            callee = project.evaluate(site.call[1], env)
            if callee[0] != "ext" or callee[1].rpartition(".")[2] != name:
                continue
            for keyword, argument in site.call[3]:
                if keyword == "lifespan":
                    value = project.evaluate(argument, env)
                    if value[0] == "func":
                        roots.lifespan.add((value[1], value[2]))
                elif keyword == "on_startup":
                    value = project.evaluate(argument, env)
                    for item in value[1] if value[0] == "list" else ():
                        if item[0] == "func":
                            roots.startup.add((item[1], item[2]))
    for module, facts in project.modules.items():
        if module not in reachable or not facts.decorated:
            continue
        for qualname in facts.decorated:
            for decorator in facts.function(qualname).decorators:
                if (
                    decorator[0] == "k"
                    and decorator[1][0] == "a"
                    and decorator[1][2] == "on_event"
                    and decorator[2]
                    and decorator[2][0] == ("c", "startup")
                ):
                    roots.startup.add((module, qualname))
    for site in graph.sites("add_event_handler"):
        call = site.call
        if site.kind == "call" and len(call[2]) >= 2 and call[2][0] == ("c", "startup"):
            value = project.evaluate(call[2][1], graph.env(site))
            if value[0] == "func":
                roots.startup.add((value[1], value[2]))
    return roots


def truth(project: Project, test: Expr, env: Env) -> bool | None:
    """Whether a condition holds with the settings' defaults (``None`` when unknown)."""
    if test[0] == "u" and test[1] == "not":
        inner = truth(project, test[2], env)
        return None if inner is None else not inner
    if test[0] == "bo":
        results = [truth(project, value, env) for value in test[2]]
        if test[1] == "and":
            if False in results:
                return False
            return None if None in results else True
        if True in results:
            return True
        return None if None in results else False
    if test[0] == "cmp" and len(test[2]) == 1:
        op, right = test[2][0]
        left_value = _literal(project.evaluate(test[1], env))
        right_value = _literal(project.evaluate(right, env))
        if left_value is _UNKNOWN or right_value is _UNKNOWN:
            return None
        try:
            return {
                "==": lambda: left_value == right_value,
                "!=": lambda: left_value != right_value,
                "is": lambda: left_value is right_value,
                "is not": lambda: left_value is not right_value,
                "in": lambda: left_value in right_value,
                "not in": lambda: left_value not in right_value,
                "<": lambda: left_value < right_value,
                ">": lambda: left_value > right_value,
                "<=": lambda: left_value <= right_value,
                ">=": lambda: left_value >= right_value,
            }[op]()
        except (KeyError, TypeError):
            return None
    value = _literal(project.evaluate(test, env))
    return None if value is _UNKNOWN else bool(value)


_UNKNOWN = object()


def _literal(value: Value) -> Any:
    if value[0] == "const":
        return value[1]
    if value[0] == "setting":
        return _literal(value[2])
    if value[0] == "list":
        items = [_literal(item) for item in value[1]]
        return _UNKNOWN if _UNKNOWN in items else items
    return _UNKNOWN


def outcome_section(docstring: str | None) -> str | None:
    """The text of an ``Outcome:`` section in a docstring."""
    if not docstring:
        return None
    lines = docstring.splitlines()
    for index, line in enumerate(lines):
        match = OUTCOME.match(line)
        if not match:
            continue
        parts = [match.group(1).strip()] if match.group(1).strip() else []
        for following in lines[index + 1 :]:
            if not following.strip():
                if parts:
                    break
                continue
            if not following[:1].isspace() and parts and following.rstrip().endswith(":"):
                break
            parts.append(following.strip())
        text = " ".join(parts).strip()
        return text or None
    return None


class ServiceFinder:
    def __init__(self, project: Project, graph: CallGraph, routes: RouteMap, roots: Roots) -> None:
        self.project = project
        self.graph = graph
        self.routes = routes
        self.roots = roots
        self.services: list[RawService] = []
        self.diagnostics: list[Diagnostic] = []
        self.spawns_in_dead_code: list[tuple[Site, str]] = []
        """``(site, what)`` for spawn sites in functions nothing calls (rule SVC3)."""

    def path_of(self, module: str) -> str:
        facts = self.project.modules.get(module)
        return facts.relpath if facts else module

    def diagnose(self, message: str, module: str, line: int) -> None:
        self.diagnostics.append(Diagnostic("analysis", message, self.path_of(module), line))

    # -- scheduler jobs -------------------------------------------------------------------

    def find_jobs(self) -> None:
        # add_job (APScheduler 3) and add_schedule (APScheduler 4) take (func, trigger, ...)
        for name in ("add_job", "add_schedule"):
            for site in self.graph.sites(name):
                if site.kind != "call" or site.call[1][0] != "a":
                    continue
                base_env = Env(site.module, site.scope, site.line - 0.5)
                self._add_job_call(site, base_env, [], 0)
        for module, facts in self.project.modules.items():
            for qualname in facts.decorated:
                function = facts.function(qualname)
                for decorator in function.decorators:
                    if (
                        decorator[0] == "k"
                        and decorator[1][0] == "a"
                        and decorator[1][2] == "scheduled_job"
                    ):
                        self._decorated_job(module, qualname, function.line, decorator)

    def _add_job_call(self, site: Site, env: Env, outer: list[Site], depth: int) -> None:
        call = site.call
        for current in expanded_envs(self.project, site.module, site.scope, site.ctx, env):
            func_expr = call[2][0] if call[2] else _kwarg(call, "func")
            if func_expr is None:
                self.diagnose("add_job call without a job function", site.module, site.line)
                continue
            target = self.project.evaluate(func_expr, current)
            if target[0] == "param" and depth < MAX_WRAPPER_DEPTH:
                self._through_wrapper(site, outer, depth)
                return
            if target[0] == "const" and isinstance(target[1], str) and ":" in target[1]:
                module_name, _, name = target[1].partition(":")
                target = (
                    self.project.module_member(module_name, name)
                    if module_name in self.project.modules
                    else target
                )
            if target[0] != "func":
                self.diagnose(
                    f"the job function of add_job({expr_text(func_expr)}, ...) cannot be resolved "
                    "statically; the job is not documented",
                    site.module,
                    site.line,
                )
                continue
            keywords = _keywords(self.project, call, current)
            trigger_expr = call[2][1] if len(call[2]) > 1 else keywords.pop("trigger", None)
            service = self._job(
                (target[1], target[2]),
                trigger_expr,
                keywords,
                current,
                site.module,
                site.line,
                shift=0,
            )
            service.site = (site.module, site.scope, site.line)
            service.scheduler = _scheduler_of(self.project.evaluate(call[1][1], current))
            service.registration, service.registered = self._registration(site, outer)
            self.services.append(service)

    def _through_wrapper(self, site: Site, outer: list[Site], depth: int) -> None:
        """``add_job`` inside a helper that forwards its arguments: one job per caller."""
        wrapper = site.caller
        function = self.project.modules[wrapper[0]].function(wrapper[1])
        for caller in self.graph.callers(wrapper):
            if caller.kind != "call":
                continue
            caller_env = Env(caller.module, caller.scope, caller.line - 0.5)
            for current in expanded_envs(
                self.project, caller.module, caller.scope, caller.ctx, caller_env
            ):
                bindings = _bind_arguments(self.project, function, caller.call, current)
                self._add_job_call(
                    site,
                    Env(site.module, site.scope, site.line - 0.5, bindings),
                    [caller, *outer],
                    depth + 1,
                )

    def _decorated_job(self, module: str, qualname: str, line: int, decorator: Expr) -> None:
        env = Env(module, MODULE_SCOPE, line)
        trigger_expr = decorator[2][0] if decorator[2] else _kwarg(decorator, "trigger")
        keywords = {name: value for name, value in decorator[3] if name is not None}
        service = self._job((module, qualname), trigger_expr, keywords, env, module, line, shift=0)
        service.site = (module, MODULE_SCOPE, line)
        service.scheduler = _scheduler_of(self.project.evaluate(decorator[1][1], env))
        reachable = module in self.roots.reachable
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
        self.services.append(service)

    def _job(
        self,
        target: FuncKey,
        trigger_expr: Expr | None,
        keywords: dict[str, Expr],
        env: Env,
        module: str,
        line: int,
        shift: int,
    ) -> RawService:
        values = {name: self.project.evaluate(expr, env) for name, expr in keywords.items()}
        trigger, kind = self._trigger(trigger_expr, keywords, values, env, module, line)
        service = RawService(kind, target, trigger)
        job_id = values.get("id")
        service.job_id = (
            job_id[1] if job_id and job_id[0] == "const" and isinstance(job_id[1], str) else None
        )
        name = values.get("name")
        service.name = name[1] if name and name[0] == "const" and isinstance(name[1], str) else None
        service.max_instances = _json(values.get("max_instances"))
        service.coalesce = _json(values.get("coalesce"))
        job_kwargs = values.get("kwargs")
        if job_kwargs is not None and job_kwargs[0] == "dict":
            for key, value in job_kwargs[1]:
                if key[0] == "const" and isinstance(key[1], str):
                    service.kwargs[key[1]] = _describe(value)
                    service.bindings[key[1]] = value
        job_args = values.get("args")
        function = self.project.modules[target[0]].function(target[1])
        if job_args is not None and job_args[0] == "list" and function is not None:
            for (param, _, _), value in zip(function.params, job_args[1], strict=False):
                service.bindings[param.lstrip("*")] = value
        return service

    def _trigger(
        self,
        trigger_expr: Expr | None,
        keywords: dict[str, Expr],
        values: dict[str, Value],
        env: Env,
        module: str,
        line: int,
    ) -> tuple[Trigger, str]:
        trigger_value = (
            self.project.evaluate(trigger_expr, env) if trigger_expr is not None else None
        )
        fields_exprs = dict(keywords)
        fields_values = dict(values)
        trigger_type: str | None = None
        expression = expr_text(trigger_expr) if trigger_expr is not None else ""
        if trigger_value is None:
            trigger_type = "date"
        elif trigger_value[0] == "const" and isinstance(trigger_value[1], str):
            trigger_type = trigger_value[1]
        elif trigger_value[0] == "inst" and trigger_value[1][0] == "ext":
            class_name = trigger_value[1][1].rpartition(".")[2]
            call, call_env = trigger_value[2], trigger_value[3]
            if class_name == "from_crontab" and call is not None:
                crontab = self.project.evaluate(call[2][0], call_env) if call[2] else ("?", "")
                return self._crontab(crontab, expression, module, line), "apscheduler-cron"
            trigger_type = TRIGGER_CLASSES.get(class_name)
            if call is not None:
                fields_exprs = {name: value for name, value in call[3] if name is not None}
                fields_values = {
                    name: self.project.evaluate(value, call_env)
                    for name, value in fields_exprs.items()
                }
        if trigger_type not in ("interval", "cron", "date"):
            self.diagnose(
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
        if trigger_expr is not None and trigger_value is not None and trigger_value[0] == "const":
            expression = f"{trigger_type}: {written}" if written else trigger_type
        elif not expression:
            expression = written
        setting, setting_default = None, None
        for name in [*INTERVAL_FIELDS, *CRON_FIELDS]:
            value = fields_values.get(name)
            if value is not None and value[0] == "setting":
                setting, setting_default = value[1], _json(value[2])
                break
        if trigger_type == "interval":
            total: float | None = 0
            present = False
            for name, seconds in INTERVAL_FIELDS.items():
                value = fields_values.get(name)
                if value is None:
                    continue
                present = True
                number = _number(value)
                if number is None:
                    total = None
                    break
                total += number * seconds
            if not present:
                total = None
            if total is None:
                self.diagnose(
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
                    cron[name] = _describe_plain(value)
            return Trigger(
                "cron", None, cron, expression, setting, setting_default
            ), "apscheduler-cron"
        return Trigger("date", None, None, expression, setting, setting_default), "apscheduler-date"

    def _crontab(self, crontab: Value, expression: str, module: str, line: int) -> Trigger:
        setting = None
        if crontab[0] == "setting":
            setting = crontab[1]
            crontab = crontab[2]
        if crontab[0] != "const" or not isinstance(crontab[1], str) or len(crontab[1].split()) != 5:
            self.diagnose(
                f"the crontab of {expression} cannot be resolved statically", module, line
            )
            return Trigger("cron", expression=expression)
        cron = dict(zip(CRONTAB_FIELDS, crontab[1].split(), strict=True))
        return Trigger("cron", None, cron, expression, setting, crontab[1] if setting else None)

    def _registration(self, site: Site, outer: list[Site]) -> tuple[Registration, bool]:
        """The chain from an entry point to the registering call, and its conditions."""
        steps = [*outer, site]
        start = steps[0].caller
        path = self.graph.path_up(start, lambda key: self.roots.entry(key) is not None)
        if path is None:
            return Registration(site.module, site.scope, site.line), False
        chain_sites = [*path, *steps]
        entry = self.roots.entry(chain_sites[0].caller) or ""
        conditions: list[str] = []
        known: list[bool | None] = []
        for step in chain_sites:
            text = conditions_at(self.project, step.module, step.scope, step.ctx, step.line)
            if text:
                conditions.append(text)
            for test, must_hold in condition_tests(
                self.project, step.module, step.scope, step.ctx, step.line
            ):
                result = truth(self.project, test, Env(step.module, step.scope, step.line))
                known.append(None if result is None else result == must_hold)
        enabled = None if None in known else all(known)
        chain = tuple(ChainStep(step.module, step.scope, step.line) for step in chain_sites)
        registration = Registration(
            site.module,
            site.scope,
            site.line,
            " and ".join(conditions) or None,
            True if not conditions else enabled,
            chain,
            entry,
        )
        return registration, True

    # -- background and asyncio tasks -----------------------------------------------------

    def find_tasks(self) -> None:
        by_target: dict[tuple[str, FuncKey], RawService] = {}
        for name, kind in (
            ("add_task", "background-task"),
            ("create_task", "asyncio-task"),
            ("ensure_future", "asyncio-task"),
        ):
            for site in self.graph.sites(name):
                if site.kind != "call":
                    continue
                env = Env(site.module, site.scope, site.line - 0.5)
                callee = self.project.evaluate(site.call[1], env)
                if kind == "background-task":
                    if not self._is_background_tasks(callee):
                        continue
                    target = (
                        self.project.evaluate(site.call[2][0], env) if site.call[2] else ("?", "")
                    )
                else:
                    if not (
                        (callee[0] == "ext" and callee[1] in ASYNCIO_SPAWNERS)
                        or (callee[0] == "bound" and callee[2] == "create_task")
                    ):
                        continue
                    target = self._coroutine_target(site.call, env)
                if target[0] != "func":
                    self.diagnose(
                        f"the target of {name}() cannot be resolved statically; it is not documented",
                        site.module,
                        site.line,
                    )
                    continue
                key = (kind, (target[1], target[2]))
                service = by_target.get(key)
                if service is None:
                    trigger = Trigger("endpoint" if kind == "background-task" else "task")
                    service = RawService(kind, key[1], trigger)
                    service.site = (site.module, site.scope, site.line)
                    by_target[key] = service
                    self.services.append(service)
                service.spawn_sites.append(site)
                if kind == "background-task" and site.call[2][1:]:
                    function = self.project.modules[target[1]].function(target[2])
                    if function is not None:
                        service.bindings.update(
                            _bind_arguments(
                                self.project,
                                function,
                                ("k", site.call[1], site.call[2][1:], site.call[3], site.line),
                                env,
                            )
                        )
        for service in by_target.values():
            endpoints: list[EndpointRef] = []
            used = False
            for site in service.spawn_sites:
                found, reached = self.endpoints_above(site.caller)
                endpoints.extend(found)
                if (
                    reached
                    or self.routes.is_endpoint(site.caller)
                    or self.roots.entry(site.caller) is not None
                    or self.graph.is_used(site.caller)
                ):
                    used = True
                else:
                    self.spawns_in_dead_code.append((site, service.kind))
            service.endpoints = _unique_endpoints(endpoints)
            service.registered = used
            if service.kind == "background-task":
                paths = ", ".join(f"{ref.method} {ref.path}" for ref in service.endpoints)
                service.trigger = Trigger("endpoint", expression=paths)
            else:
                service.trigger = self._loop_trigger(service.target)

    def _is_background_tasks(self, receiver_call: Value) -> bool:
        if receiver_call[0] != "bound":
            return False
        owner = receiver_call[1]
        if owner[0] == "inst" and owner[1][0] == "ext":
            return owner[1][1].endswith("BackgroundTasks")
        return owner[0] in ("param", "?")

    def _coroutine_target(self, call: Expr, env: Env) -> Value:
        if not call[2]:
            return ("?", "")
        argument = call[2][0]
        if argument[0] == "n":
            assigned = self.project.assigned_expr(argument[1], env)
            if assigned is not None:
                argument, env = assigned
        if argument[0] == "k":
            return self.project.evaluate(argument[1], env)
        return ("?", "")

    def _loop_trigger(self, target: FuncKey) -> Trigger:
        """A task that loops forever with a sleep: how often it runs."""
        function = self.project.modules[target[0]].function(target[1])
        if function is None:
            return Trigger("task")
        for line, ctx, call in self.project.calls_in(*target):
            callee = self.project.evaluate(call[1], Env(target[0], target[1], line))
            if callee[0] == "ext" and callee[1] in ("asyncio.sleep", "time.sleep") and call[2]:
                inside_loop = False
                index = ctx
                while index is not None:
                    entry = function.ctxs[index]
                    if entry[1] == "while":
                        inside_loop = True
                    index = entry[0]
                if inside_loop:
                    value = self.project.evaluate(call[2][0], Env(target[0], target[1], line))
                    number = _number(value)
                    setting = value[1] if value[0] == "setting" else None
                    default = _json(value[2]) if value[0] == "setting" else None
                    return Trigger("loop", number, None, expr_text(call), setting, default)
        return Trigger("task")

    def endpoints_above(self, start: FuncKey, max_depth: int = 6) -> tuple[list[EndpointRef], bool]:
        """Endpoints whose handling reaches ``start`` (and whether anything reaches it)."""
        found: list[EndpointRef] = []
        reached = False
        seen = {start}
        queue: deque[tuple[FuncKey, int]] = deque([(start, 0)])
        while queue:
            current, depth = queue.popleft()
            for endpoint in self.routes.by_function.get(current, ()):
                found.append(
                    EndpointRef(
                        endpoint.method,
                        endpoint.path,
                        endpoint.module,
                        endpoint.function,
                        endpoint.line,
                    )
                )
            if depth >= max_depth:
                continue
            for site in self.graph.callers(current):
                reached = True
                if site.caller not in seen:
                    seen.add(site.caller)
                    queue.append((site.caller, depth + 1))
        return found, reached

    # -- periodic tasks (fastapi-utils' ``@repeat_every``) -----------------------------------

    def find_periodic(self) -> None:
        """``@repeat_every(seconds=N)`` functions: a loop started at startup."""
        for module, facts in self.project.modules.items():
            for qualname in facts.decorated:
                function = facts.function(qualname)
                for decorator in function.decorators:
                    if decorator[0] != "k":
                        continue
                    env = Env(module, function.parent or MODULE_SCOPE, function.line)
                    callee = self.project.evaluate(decorator[1], env)
                    if callee[0] != "ext" or callee[1].rpartition(".")[2] != "repeat_every":
                        continue
                    seconds_expr = _kwarg(decorator, "seconds") or (
                        decorator[2][0] if decorator[2] else None
                    )
                    seconds = (
                        self.project.evaluate(seconds_expr, env) if seconds_expr else ("?", "")
                    )
                    setting = seconds[1] if seconds[0] == "setting" else None
                    trigger = Trigger(
                        "loop",
                        _number(seconds),
                        None,
                        expr_text(decorator),
                        setting,
                        _json(seconds[2]) if seconds[0] == "setting" else None,
                    )
                    service = RawService("polling-loop", (module, qualname), trigger)
                    service.site = (module, function.parent or MODULE_SCOPE, function.line)
                    key = (module, qualname)
                    entry = self.roots.entry(key)
                    if entry is None:
                        path = self.graph.path_up(key, lambda k: self.roots.entry(k) is not None)
                        entry = self.roots.entry(path[0].caller) if path else None
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
                    self.services.append(service)

    # -- generic polling loops ------------------------------------------------------------

    def loop_call_sites(
        self, helpers: dict[FuncKey, list[str]]
    ) -> list[tuple[FuncKey, Site, dict[str, Value]]]:
        """Every call of a generic polling helper, with the arguments it is given."""
        sites = []
        for helper in sorted(helpers):
            function = self.project.modules[helper[0]].function(helper[1])
            for site in self.graph.callers(helper):
                if site.kind != "call":
                    continue
                env = Env(site.module, site.scope, site.line - 0.5)
                bindings = _bind_arguments(self.project, function, site.call, env)
                sites.append((helper, site, bindings))
        return sites


def _bind_arguments(project: Project, function, call: Expr, env: Env) -> dict[str, Value]:
    params = [name for name, _, _ in function.params]
    if function.class_name and params and params[0] in ("self", "cls"):
        params = params[1:]
    bound: dict[str, Value] = {}
    positional = [name for name in params if not name.startswith("*")]
    for name, argument in zip(positional, call[2], strict=False):
        if argument[0] == "*":
            break
        bound[name] = project.evaluate(argument, env)
    for keyword, argument in call[3]:
        if keyword is not None:
            bound[keyword] = project.evaluate(argument, env)
    return {name: value for name, value in bound.items() if value[0] not in ("?",)}


def _scheduler_of(value: Value) -> tuple[str, int] | None:
    if value[0] == "inst" and value[2] is not None and value[3] is not None:
        return (value[3].module, value[2][4])
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
            if (
                stmt[0] != "assign"
                or stmt[4][0] != "k"
                or len(stmt[3]) != 1
                or stmt[3][0][0] != "n"
            ):
                continue
            value = project.evaluate(stmt[4], Env(module, MODULE_SCOPE, stmt[1]))
            if (
                value[0] != "inst"
                or value[1][0] != "ext"
                or not SCHEDULER_CLASS.search(value[1][1])
            ):
                continue
            if value[3] is None or value[3].module != module:
                continue
            options = {name: expr_text(argument) for name, argument in stmt[4][3] if name}
            found[(module, stmt[4][4])] = {
                "key": f"{module}:{stmt[3][0][1]}",
                "module": module,
                "variable": stmt[3][0][1],
                "line": stmt[1],
                "cls": value[1][1],
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


def _keywords(project: Project, call: Expr, env: Env) -> dict[str, Expr]:
    """Keyword arguments, with ``**{...}`` of a literal dict (or a variable holding one)
    spread into them."""
    keywords: dict[str, Expr] = {}
    for name, value in call[3]:
        if name is not None:
            keywords[name] = value
            continue
        source = value
        if value[0] == "n":
            assigned = project.assigned_expr(value[1], env)
            if assigned is not None:
                source = assigned[0]
        if source[0] == "d":
            for key, item in zip(source[1], source[2], strict=False):
                if key is not None and key[0] == "c" and isinstance(key[1], str):
                    keywords[key[1]] = item
    return keywords


def _kwarg(call: Expr, name: str) -> Expr | None:
    for key, value in call[3]:
        if key == name:
            return value
    return None


def _number(value: Value) -> float | None:
    if (
        value[0] == "const"
        and isinstance(value[1], (int, float))
        and not isinstance(value[1], bool)
    ):
        return value[1]
    if value[0] == "setting":
        return _number(value[2])
    return None


def _json(value: Value | None) -> Any:
    if value is None:
        return None
    if value[0] == "const" and isinstance(value[1], (str, int, float, bool)):
        return value[1]
    if value[0] == "setting":
        return _json(value[2])
    return None


def _describe(value: Value) -> str:
    """``settings.X (default 10)`` / ``10`` / ``Enum.member``."""
    if value[0] == "setting":
        default = _json(value[2])
        return (
            f"settings.{value[1]} (default {default!r})"
            if default is not None
            else f"settings.{value[1]}"
        )
    return value_text(value)


def _describe_plain(value: Value) -> str:
    if value[0] == "const":
        return str(value[1])
    if value[0] == "setting":
        default = _json(value[2])
        return f"settings.{value[1]} ({default})" if default is not None else f"settings.{value[1]}"
    return value_text(value)


def _unique_endpoints(endpoints: list[EndpointRef]) -> list[EndpointRef]:
    seen = set()
    unique = []
    for endpoint in sorted(endpoints, key=lambda ref: (ref.path, ref.method)):
        key = (endpoint.method, endpoint.path)
        if key not in seen:
            seen.add(key)
            unique.append(endpoint)
    return unique


def is_callable_target(value: Value) -> bool:
    return value[0] == "func"


def function_dotted(key: FuncKey) -> str:
    return f"{key[0]}.{key[1]}" if key[1] != MODULE_SCOPE else key[0]
