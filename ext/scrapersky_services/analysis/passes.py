"""The catalog from the facts of every module: the passes, in order (resolver, import
graph, data model, settings, routes, services, status flow, rules).

It is long because the passes feed each other in one order, and what turns their raw
results into catalog records (services, queues, findings and their ids) sits next to that
order.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .catalog import Catalog
from .model.models import build_data_model
from .model.routes import build_route_map
from .model.settings import collect_settings, json_value
from .model.statusflow import Flow, Hit, StatusFlow
from .parse.discovery import MIGRATION_SCRIPT, NOT_A_MODULE_NAME, UNIMPORTABLE, Layout
from .parse.facts import MODULE_SCOPE, ModuleFacts, forget_all
from .records import (
    NOTE,
    ChainStep,
    Diagnostic,
    EndpointRef,
    Finding,
    ModuleRecord,
    Producer,
    Queue,
    Service,
    SpawnGroup,
    StatusRef,
)
from .resolve.callgraph import CallGraph, FuncKey
from .resolve.imports import build_import_graph, detect_entry_points, reachable_modules
from .resolve.project import Env, Project
from .resolve.values import Const, EnumMember, Function, Setting
from .rules import RULE_MODULES, RULES, RawFinding, RuleContext
from .services import RawService, ServiceFinder, find_roots, find_services, outcome_section
from .services.apscheduler import find_schedulers

if TYPE_CHECKING:
    from .options import AnalysisOptions, Progress


def build_catalog(
    layout: Layout,
    skipped: list[tuple[str, str]],
    modules: dict[str, ModuleFacts],
    options: AnalysisOptions,
    progress: Progress | None = None,
) -> Catalog:
    if progress:
        progress("resolve", 0, 1)
    project = Project(modules)
    graph = CallGraph(project)
    import_graph = build_import_graph(project)
    entries = [entry for entry in options.entry_points if entry in modules] or detect_entry_points(
        project
    )
    diagnostics: list[Diagnostic] = []
    for entry in options.entry_points:
        if entry not in modules:
            diagnostics.append(
                Diagnostic("config", f"entry point {entry!r} is not a module of the tree")
            )
    if not entries:
        diagnostics.append(
            Diagnostic(
                "analysis",
                "no module creates a FastAPI application; every module counts as reachable",
            )
        )
    reachable = reachable_modules(project, import_graph, entries) if entries else set(modules)
    data = build_data_model(project)
    for module, line, message in data.notes:
        diagnostics.append(Diagnostic("analysis", message, modules[module].relpath, line))
    settings = collect_settings(project, import_graph)
    routes = build_route_map(project, graph)
    roots = find_roots(project, graph, entries, reachable)
    flow = StatusFlow(project, graph, data)
    finder = ServiceFinder(project, graph, routes, roots, flow)
    raw_flows: list[tuple[RawService, Flow]] = [
        (service, finder.flow_of(service)) for service in find_services(finder)
    ]

    records = _service_records(project, raw_flows, options, routes, data)
    records = [
        dataclasses.replace(record, **_transactions(project, service_flow, options))
        for record, (_, service_flow) in zip(records, raw_flows, strict=True)
    ]
    schedulers = find_schedulers(
        project,
        graph,
        [(raw, record.id) for record, (raw, _) in zip(records, raw_flows, strict=True)],
    )
    scheduler_keys = {(scheduler.module, scheduler.line): scheduler.key for scheduler in schedulers}
    records = [
        dataclasses.replace(record, scheduler=scheduler_keys.get(raw.scheduler))
        if raw.scheduler
        else record
        for record, (raw, _) in zip(records, raw_flows, strict=True)
    ]
    diagnostics.extend(_duplicate_job_ids(project, records))
    writes = flow.all_writes()
    for _, service_flow in raw_flows:
        writes.extend(service_flow.writes)
    writes = _unique_hits(writes)
    records = _with_producers(project, finder, records, raw_flows, writes, data)
    endpoints = _endpoints_with_links(routes.endpoints, records)

    if progress:
        progress("rules", 0, 1)
    service_keys: dict[tuple[str, str], list[str]] = {}
    polls: list[tuple[str, Hit]] = []
    unregistered_polls: list[tuple[str, Hit]] = []
    spawned: dict[tuple[str, str, int], list[str]] = {}
    for record, (raw, service_flow) in zip(records, raw_flows, strict=True):
        for key in service_flow.functions:
            service_keys.setdefault(key, []).append(record.id)
        target = polls if record.registered else unregistered_polls
        target.extend((record.id, hit) for hit in service_flow.polls)
        for site in raw.spawn_sites:
            spawned.setdefault((site.module, site.scope, site.line), []).append(record.id)
    context = RuleContext(
        project,
        graph,
        import_graph,
        reachable,
        entries,
        data,
        routes,
        finder,
        records,
        service_keys,
        polls,
        unregistered_polls,
        writes,
        options.api_prefix,
        tuple(options.session_factory_modules),
        {"spawned": spawned},
    )
    # The rules ask about other functions than the passes above did, and what those
    # passes kept (every function's bindings, evaluated variables, call sites by name,
    # decoded bodies) would otherwise stay until the end, which is the peak of the
    # analysis: 20 MB of 315 at 20,000 modules, for 0.3 s more of 32.
    project.drop_function_caches()
    graph.drop_sites()
    forget_all()
    findings = _findings(project, context, diagnostics, options.rules)
    queues = _queues(project, finder, records, raw_flows, writes, data)

    diagnostics += skipped_diagnostics(skipped)
    for module in sorted(modules):
        facts = modules[module]
        if facts.error:
            diagnostics.append(Diagnostic("source", facts.error, facts.relpath, facts.error_line))
        for line, message in facts.notes:
            diagnostics.append(Diagnostic("analysis", message, facts.relpath, line))
    for diagnostic in finder.diagnostics:
        diagnostics.append(diagnostic)
    for module, line, what in routes.unresolved:
        diagnostics.append(
            Diagnostic(
                "analysis", f"{what} cannot be resolved statically", modules[module].relpath, line
            )
        )

    module_records = tuple(
        ModuleRecord(
            name,
            modules[name].relpath,
            name in reachable,
            modules[name].error,
            modules[name].error_line,
            modules[name].is_package,
            modules[name].line_count,
            (modules[name].docstring or "").strip().split("\n", 1)[0][:200],
        )
        for name in sorted(modules)
    )
    return Catalog(
        root=options.source_root,
        package=layout.package,
        entry_points=tuple(entries),
        api_prefix=options.api_prefix,
        rules=tuple(code for code in RULES if options.rules is None or code in options.rules),
        modules=module_records,
        imports=tuple(
            sorted(
                import_graph.records, key=lambda record: (record.source, record.line, record.target)
            )
        ),
        settings=tuple(settings.records),
        services=tuple(sorted(records, key=lambda record: record.id)),
        spawns=_spawn_groups(project, finder),
        endpoints=tuple(endpoints),
        routers=tuple(routes.routers),
        mounts=tuple(routes.mounts),
        enums=tuple(sorted(data.enums.values(), key=lambda record: record.key)),
        models=tuple(sorted(data.models.values(), key=lambda record: record.key)),
        findings=tuple(findings),
        queues=tuple(queues),
        schedulers=tuple(schedulers),
        diagnostics=tuple(diagnostics),
    )


def skipped_diagnostics(skipped: list[tuple[str, str]], named: int = 3) -> list[Diagnostic]:
    """One diagnostic per file that was not read, but one for all the files no import
    reaches (file names that are not module names, database migrations): a backend with
    an Alembic folder has dozens, each of them the same news."""
    unread = [
        Diagnostic("source", reason, relpath)
        for relpath, reason in skipped
        if reason not in UNIMPORTABLE
    ]
    unimportable = [relpath for relpath, reason in skipped if reason in UNIMPORTABLE]
    if not unimportable:
        return unread
    migrations = sum(reason == MIGRATION_SCRIPT for _, reason in skipped)
    misnamed = sum(reason == NOT_A_MODULE_NAME for _, reason in skipped)
    kinds = []
    if migrations:
        kinds.append(f"{migrations} database migration script{'s' * (migrations != 1)}")
    if misnamed:
        kinds.append(f"{misnamed} whose file name is {NOT_A_MODULE_NAME}")
    shown = ", ".join(unimportable[:named])
    if len(unimportable) > named:
        shown += f" and {len(unimportable) - named} more"
    count = len(unimportable)
    message = (
        f"{count} file{'s' * (count != 1)} left out of the API pages and the rules, no "
        f"import reaches {'them' if count != 1 else 'it'} ({'; '.join(kinds)}): {shown}"
    )
    # a note, not a warning: every real backend keeps migrations, and -W must pass on it
    return [*unread, Diagnostic(NOTE, message, unimportable[0])]


# -- services ---------------------------------------------------------------------------------


def _transactions(project: Project, service_flow: Flow, options: AnalysisOptions) -> dict[str, Any]:
    """Sessions opened through the session factory, ``begin()`` blocks and ``commit()`` calls."""
    sessions: set[str] = set()
    transactions = commits = 0
    for module, scope in service_flow.functions:
        for line, _ctx, call in project.calls_in(module, scope):
            func = call[1]
            last = func[2] if func[0] == "a" else (func[1] if func[0] == "n" else "")
            if last == "begin" and func[0] == "a":
                transactions += 1
            elif last == "commit" and func[0] == "a":
                commits += 1
            else:
                value = project.evaluate(func, Env(module, scope, line))
                if isinstance(value, Function) and any(
                    value.module == entry or value.module.endswith("." + entry)
                    for entry in options.session_factory_modules
                ):
                    sessions.add(f"{value.module}:{value.qualname}")
    return {"sessions": tuple(sorted(sessions)), "transactions": transactions, "commits": commits}


def _spawn_groups(project: Project, finder: ServiceFinder) -> tuple[SpawnGroup, ...]:
    groups = []
    for raw in finder.short_lived:
        module, qualname = raw.target
        facts = project.modules[module]
        function = facts.function(qualname)
        groups.append(
            SpawnGroup(
                raw.kind,
                module,
                qualname,
                function.line if function else 0,
                facts.relpath,
                tuple(ChainStep(site.module, site.scope, site.line) for site in raw.spawn_sites),
                tuple(raw.endpoints),
                ((function.docstring or "").strip().split("\n", 1)[0][:200] if function else ""),
            )
        )
    return tuple(sorted(groups, key=lambda group: (group.module, group.function, group.kind)))


def _status(hit: Hit, data) -> StatusRef:
    value = hit.value
    enum, member = hit.enum, hit.member
    stored: Any = member if isinstance(value, EnumMember) else json_value(value)
    record = data.enums.get(enum) if enum else None
    if record is not None and member in record.members and record.members[member] is not None:
        stored = record.members[member]
    if isinstance(value, Setting):
        stored = json_value(value.default)
    return StatusRef(
        hit.model.rpartition(":")[2] if hit.model else "", hit.field, stored, enum, member
    )


def _unique_hits(hits: list[Hit]) -> list[Hit]:
    seen = set()
    unique = []
    for hit in hits:
        key = (hit.model, hit.field, repr(hit.value), hit.module, hit.scope, hit.line)
        if key not in seen:
            seen.add(key)
            unique.append(hit)
    return unique


def _unique_status(refs: list[StatusRef]) -> tuple[StatusRef, ...]:
    seen = set()
    unique = []
    for ref in refs:
        key = (ref.model, ref.field, repr(ref.value), ref.enum, ref.member)
        if key not in seen:
            seen.add(key)
            unique.append(ref)
    return tuple(unique)


def _metadata_for(options: AnalysisOptions, service_id: str, raw: RawService) -> Mapping[str, str]:
    candidates = [service_id, f"{raw.target[0]}.{raw.target[1]}", raw.job_id or "", raw.target[0]]
    for candidate in candidates:
        if candidate and candidate in options.metadata:
            return options.metadata[candidate]
    return {}


def _duplicate_job_ids(project: Project, records: list[Service]) -> list[Diagnostic]:
    """A scheduler keeps one job per id: the later ``add_job`` fails with
    ``ConflictingIdError`` (or, with ``replace_existing=True``, replaces the first job)."""
    by_id: dict[tuple[str | None, str], list[Service]] = {}
    for record in records:
        if record.job_id and record.kind.startswith("apscheduler") and record.registration:
            by_id.setdefault((record.scheduler, record.job_id), []).append(record)
    diagnostics = []
    for (_, job_id), group in sorted(by_id.items(), key=lambda item: str(item[0])):
        if len(group) < 2:
            continue
        group.sort(key=lambda record: (record.registration.module, record.registration.line))
        first = group[0]
        where = f"{project.modules[first.registration.module].relpath}:{first.registration.line}"
        for record in group[1:]:
            registration = record.registration
            diagnostics.append(
                Diagnostic(
                    "analysis",
                    f"job id {job_id!r} of {record.module}.{record.function} is already used by "
                    f"{first.module}.{first.function} ({where}); the scheduler keeps one job per "
                    "id (the later add_job fails, or replaces the first with "
                    "replace_existing=True)",
                    project.modules[registration.module].relpath,
                    registration.line,
                )
            )
    return diagnostics


def _service_records(
    project: Project,
    raw_flows: list[tuple[RawService, Flow]],
    options: AnalysisOptions,
    routes,
    data,
) -> list[Service]:
    ids: dict[str, int] = {}
    records = []
    for raw, service_flow in raw_flows:
        module, qualname = raw.target
        base = f"{module}.{qualname}"
        ids[base] = ids.get(base, 0) + 1
        service_id = base if ids[base] == 1 else f"{base}#{raw.job_id or ids[base]}"
        facts = project.modules[module]
        function = facts.function(qualname)
        metadata = _metadata_for(options, service_id, raw)
        outcome = metadata.get("outcome")
        source = "metadata" if outcome else ""
        if not outcome:
            outcome = outcome_section(function.docstring if function else None) or outcome_section(
                facts.docstring
            )
            source = "docstring" if outcome else ""
        files = {facts.relpath}
        for key in service_flow.functions:
            files.add(project.modules[key[0]].relpath)
        if raw.registration:
            for step in raw.registration.chain:
                files.add(project.modules[step.module].relpath)
        for site in raw.spawn_sites:
            files.add(project.modules[site.module].relpath)
        if raw.site[0] in project.modules:
            files.add(project.modules[raw.site[0]].relpath)
        models = sorted(
            {
                hit.model.rpartition(":")[2]
                for hit in [*service_flow.polls, *service_flow.writes]
                if hit.model
            }
        )
        starters = tuple(ChainStep(site.module, site.scope, site.line) for site in raw.spawn_sites)
        registration = raw.registration
        records.append(
            Service(
                id=service_id,
                module=module,
                function=qualname,
                line=function.line if function else 0,
                kind=raw.kind,
                path=facts.relpath,
                job_id=raw.job_id,
                name=raw.name,
                trigger=raw.trigger,
                registered=raw.registered,
                registration=registration,
                endpoints=tuple(raw.endpoints),
                starters=starters,
                polls=_unique_status([_status(hit, data) for hit in service_flow.polls]),
                writes=_unique_status([_status(hit, data) for hit in service_flow.writes]),
                outcome=outcome,
                outcome_source=source,
                workflow=metadata.get("workflow"),
                owner=metadata.get("owner"),
                docstring=(function.docstring or "") if function else "",
                max_instances=raw.max_instances,
                coalesce=raw.coalesce,
                kwargs=dict(raw.kwargs),
                calls=tuple(f"{key[0]}:{key[1]}" for key in service_flow.functions[1:]),
                models=tuple(models),
                files=tuple(sorted(files)),
                loop_helper=f"{raw.loop_helper[0]}:{raw.loop_helper[1]}"
                if raw.loop_helper
                else None,
            )
        )
    return records


def _with_producers(
    project: Project,
    finder: ServiceFinder,
    records: list[Service],
    raw_flows: list[tuple[RawService, Flow]],
    writes: list[Hit],
    data,
) -> list[Service]:
    from .rules._status import same

    owner_of: dict[FuncKey, str] = {}
    for record, (_, service_flow) in zip(records, raw_flows, strict=True):
        for key in service_flow.functions:
            owner_of.setdefault(key, record.id)
    fake_context = _SameContext(data)
    updated = []
    endpoint_cache: dict[FuncKey, list[EndpointRef]] = {}
    for record, (_, service_flow) in zip(records, raw_flows, strict=True):
        own = set(service_flow.functions)
        producers = []
        seen = set()
        for poll in service_flow.polls:
            for write in writes:
                if (write.module, write.scope) in own or not same(fake_context, poll, write):
                    continue
                key = (write.module, write.scope, write.line)
                if key in seen:
                    continue
                seen.add(key)
                caller = (write.module, write.scope)
                if caller not in endpoint_cache:
                    found, _ = finder.endpoints_above(caller)
                    endpoint_cache[caller] = sorted(
                        set(found), key=lambda ref: (ref.path, ref.method)
                    )
                refs = endpoint_cache[caller]
                producers.append(
                    Producer(
                        write.module,
                        write.scope,
                        write.line,
                        project.modules[write.module].relpath,
                        _status(write, data),
                        refs[0] if refs else None,
                        tuple(refs),
                        owner_of.get(caller) if owner_of.get(caller) != record.id else None,
                    )
                )
        updated.append(
            dc_replace(record, producers=tuple(sorted(producers, key=lambda p: (p.module, p.line))))
        )
    return updated


@dataclass
class _SameContext:
    """The part of the rule context that status comparison needs."""

    data: Any


def dc_replace(record: Service, **changes: Any) -> Service:
    import dataclasses

    return dataclasses.replace(record, **changes)


def _endpoints_with_links(endpoints, records: list[Service]):
    import dataclasses

    starts: dict[tuple[str, str], list[str]] = {}
    feeds: dict[tuple[str, str], list[str]] = {}
    for record in records:
        for ref in record.endpoints:
            starts.setdefault((ref.method, ref.path), []).append(record.id)
        for producer in record.producers:
            for ref in producer.endpoints:
                feeds.setdefault((ref.method, ref.path), []).append(record.id)
    linked = []
    for endpoint in endpoints:
        key = (endpoint.method, endpoint.path)
        linked.append(
            dataclasses.replace(
                endpoint,
                starts=tuple(sorted(set(starts.get(key, ())))),
                feeds=tuple(sorted(set(feeds.get(key, ())))),
            )
        )
    return linked


def _queues(
    project: Project,
    finder: ServiceFinder,
    records: list[Service],
    raw_flows: list[tuple[RawService, Flow]],
    writes: list[Hit],
    data,
) -> list[Queue]:
    """Every status value that is polled, or written as a queue entry, with both sides."""
    from .model.statusflow import is_queue_value
    from .rules._status import literal

    context = _SameContext(data)
    groups: dict[tuple, dict[str, Any]] = {}

    def group(hit: Hit) -> dict[str, Any] | None:
        if not hit.model:
            return None
        key = (hit.model, hit.field, repr(literal(context, hit)))
        if key not in groups:
            groups[key] = {
                "status": _status(hit, data),
                "pollers": [],
                "registered": False,
                "writers": [],
            }
        return groups[key]

    for record, (_, service_flow) in zip(records, raw_flows, strict=True):
        for hit in service_flow.polls:
            entry = group(hit)
            if entry is not None and record.id not in entry["pollers"]:
                entry["pollers"].append(record.id)
                entry["registered"] = entry["registered"] or record.registered
    owner_of: dict[FuncKey, str] = {}
    for record, (_, service_flow) in zip(records, raw_flows, strict=True):
        for key in service_flow.functions:
            owner_of.setdefault(key, record.id)
    endpoint_cache: dict[FuncKey, list[EndpointRef]] = {}
    for hit in writes:
        if not hit.model or not isinstance(hit.value, (EnumMember, Const)):
            continue
        key = (hit.model, hit.field, repr(literal(context, hit)))
        if key not in groups and (hit.how == "default" or not is_queue_value(hit)):
            continue  # a column default or a resting state, polled by no one: not a queue
        entry = group(hit)
        if entry is None:
            continue
        caller = (hit.module, hit.scope)
        if caller not in endpoint_cache:
            found, _ = finder.endpoints_above(caller)
            endpoint_cache[caller] = sorted(set(found), key=lambda ref: (ref.path, ref.method))
        refs = endpoint_cache[caller]
        writer = Producer(
            hit.module,
            hit.scope,
            hit.line,
            project.modules[hit.module].relpath,
            _status(hit, data),
            refs[0] if refs else None,
            tuple(refs),
            owner_of.get(caller),
        )
        if writer not in entry["writers"]:
            entry["writers"].append(writer)
    queues = []
    for key in sorted(groups, key=lambda item: (item[0], item[1], item[2])):
        entry = groups[key]
        writers = tuple(sorted(entry["writers"], key=lambda writer: (writer.module, writer.line)))
        queues.append(
            Queue(
                entry["status"],
                tuple(sorted(entry["pollers"])),
                writers,
                orphan=bool(writers)
                and not entry["registered"]
                and is_queue_value_ref(entry["status"]),
                unwritten=entry["registered"] and not writers,
            )
        )
    return queues


def is_queue_value_ref(status: StatusRef) -> bool:
    from .model.statusflow import QUEUE_WORDS

    return bool(QUEUE_WORDS.search(status.member or str(status.value)))


# -- findings ---------------------------------------------------------------------------------


def finding_id(rule: str, module: str, symbol: str, key: str) -> str:
    digest = hashlib.sha1(f"{rule}|{module}|{symbol}|{key}".encode(), usedforsecurity=False)
    return f"{rule}-{digest.hexdigest()[:8].upper()}"


def _findings(
    project: Project,
    context: RuleContext,
    diagnostics: list[Diagnostic],
    codes: tuple[str, ...] | None,
) -> list[Finding]:
    findings: list[Finding] = []
    for rule_module in RULE_MODULES:
        rule = rule_module.RULE
        if codes is not None and rule.code not in codes:
            continue
        try:
            raw: list[RawFinding] = sorted(
                rule_module.check(context), key=lambda item: (item.module, item.line, item.key)
            )
        except Exception as error:  # a rule must not take the whole audit down
            diagnostics.append(
                Diagnostic(
                    "analysis",
                    f"rule {rule.code} failed on this tree ({type(error).__name__}: {error})",
                )
            )
            continue
        used: dict[str, int] = {}
        for item in raw:
            base_id = finding_id(rule.code, item.module, item.symbol, item.key)
            used[base_id] = used.get(base_id, 0) + 1
            identifier = (
                base_id
                if used[base_id] == 1
                else finding_id(rule.code, item.module, item.symbol, f"{item.key}#{used[base_id]}")
            )
            facts = project.modules.get(item.module)
            fingerprint = hashlib.sha1(item.code.encode(), usedforsecurity=False).hexdigest()[:12]
            findings.append(
                Finding(
                    identifier,
                    rule.code,
                    rule.severity,
                    item.module,
                    facts.relpath if facts else item.module,
                    item.line,
                    item.symbol if item.symbol != MODULE_SCOPE else "",
                    item.message,
                    fingerprint,
                    rule.title,
                    rule.mandate,
                    tuple(sorted(set(item.services))),
                )
            )
    return findings
