"""The catalog: every record of one analysis, the queries the renderers need, and JSON."""

from __future__ import annotations

import dataclasses as dc
import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any

from ..config import SEVERITIES
from .records import (
    SCHEMA_VERSION,
    Diagnostic,
    Endpoint,
    EnumRecord,
    Finding,
    ImportRecord,
    ModelRecord,
    ModuleRecord,
    Mount,
    Queue,
    Router,
    Scheduler,
    Service,
    SettingRecord,
    SpawnGroup,
    from_json,
    to_json,
)


@dc.dataclass(frozen=True)
class Catalog:
    root: str
    package: str
    entry_points: tuple[str, ...] = ()
    api_prefix: str = "/api/v3"
    rules: tuple[str, ...] = ()
    """Codes of the audit rules that ran, in the reference's order."""
    modules: tuple[ModuleRecord, ...] = ()
    imports: tuple[ImportRecord, ...] = ()
    settings: tuple[SettingRecord, ...] = ()
    services: tuple[Service, ...] = ()
    spawns: tuple[SpawnGroup, ...] = ()
    """Short-lived tasks and threads, by the function they run (not services)."""
    endpoints: tuple[Endpoint, ...] = ()
    routers: tuple[Router, ...] = ()
    mounts: tuple[Mount, ...] = ()
    enums: tuple[EnumRecord, ...] = ()
    models: tuple[ModelRecord, ...] = ()
    findings: tuple[Finding, ...] = ()
    queues: tuple[Queue, ...] = ()
    schedulers: tuple[Scheduler, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    schema_version: int = SCHEMA_VERSION

    # -- JSON -----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        data = {"schema_version": self.schema_version}
        for field in dc.fields(self):
            if field.name != "schema_version":
                data[field.name] = to_json(getattr(self, field.name))
        data["unreachable_modules"] = [
            module.name for module in self.modules if not module.reachable
        ]
        return data

    def to_json(self) -> str:
        """Deterministic JSON: same catalog, same bytes."""
        return json.dumps(self.to_dict(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Catalog:
        data = {key: value for key, value in data.items() if key != "unreachable_modules"}
        return from_json(cls, data)

    @classmethod
    def from_json(cls, text: str) -> Catalog:
        return cls.from_dict(json.loads(text))

    # -- queries --------------------------------------------------------------------------

    @cached_property
    def modules_by_name(self) -> dict[str, ModuleRecord]:
        return {module.name: module for module in self.modules}

    @cached_property
    def services_by_id(self) -> dict[str, Service]:
        return {service.id: service for service in self.services}

    @cached_property
    def findings_by_id(self) -> dict[str, Finding]:
        return {finding.id: finding for finding in self.findings}

    @cached_property
    def _edges(self) -> dict[str, list[ImportRecord]]:
        edges: dict[str, list[ImportRecord]] = {}
        for record in self.imports:
            edges.setdefault(record.source, []).append(record)
        return edges

    def imports_of(self, module: str) -> list[ImportRecord]:
        return self._edges.get(module, [])

    def internal_targets(self, module: str) -> list[str]:
        return sorted(
            {
                record.target
                for record in self.imports_of(module)
                if record.internal and record.exists and record.target != module
            }
        )

    def dependency_keys(self, digests: Mapping[str, str], salt: str = "") -> dict[str, str]:
        """For each module, a hash of its ``digests`` entry and those of every project module
        it imports, directly or not, and of their packages: equal between two analyses when
        none of those changed. One pass over the import graph's components (a module's key
        is made from the keys of the components it imports), not a closure per module."""
        names = [module.name for module in self.modules]
        edges = {name: {*self.internal_targets(name), *_packages_of(name)} for name in names}
        keys: dict[str, str] = {}
        for component in strongly_connected(names, edges):
            hasher = hashlib.sha256(salt.encode())
            for name in sorted(component):
                hasher.update(f"\n{name} {digests.get(name, '-')}".encode())
            imported = {
                keys[target]
                for name in component
                for target in edges.get(name, ())
                if target in keys
            }
            for key in sorted(imported):
                hasher.update(f"\n> {key}".encode())
            key = hasher.hexdigest()
            keys.update(dict.fromkeys(component, key))
        return keys

    def closure(self, module: str) -> list[str]:
        """Project modules ``module`` imports, directly or transitively, sorted."""
        seen: set[str] = set()
        stack = [module]
        while stack:
            for target in self.internal_targets(stack.pop()):
                if target not in seen and target != module:
                    seen.add(target)
                    stack.append(target)
        return sorted(seen)

    def external_imports(self, modules: Iterable[str]) -> list[str]:
        """Top-level external packages imported by any of ``modules``."""
        names = set()
        for module in modules:
            for record in self.imports_of(module):
                if not record.internal:
                    names.add(record.target.split(".")[0])
        return sorted(names)

    def findings_in(self, modules: Iterable[str]) -> list[Finding]:
        wanted = set(modules)
        return [finding for finding in self.findings if finding.module in wanted]

    def findings_for_service(self, service: Service) -> list[Finding]:
        files = set(service.files)
        return [
            finding
            for finding in self.findings
            if service.id in finding.services
            or (finding.path in files and finding.module == service.module)
        ]

    def services_of_kind(self, kind: str) -> list[Service]:
        return [service for service in self.services if service.kind == kind]

    def endpoints_of(self, router: str) -> list[Endpoint]:
        return [endpoint for endpoint in self.endpoints if endpoint.router == router]

    def counts_by_severity(self, findings: Iterable[Finding] | None = None) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.findings if findings is None else findings:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
        return counts

    # the rules are imported when asked for, not to load a cached catalog: they bring in the
    # resolver and the call graph, a fifth of the start-up of a run on an unchanged tree

    def applied_rules(self) -> dict[str, Any]:
        """The rules that ran, by code, in the reference's order."""
        from .rules import RULES

        return {code: RULES[code] for code in self.rules if code in RULES}


def _packages_of(name: str) -> list[str]:
    """The packages above a module (``a``, ``a.b`` for ``a.b.c``), which importing it runs."""
    parts = name.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]


def strongly_connected(nodes: list[str], edges: Mapping[str, Iterable[str]]) -> list[set[str]]:
    """The strongly connected components of a graph (Tarjan's algorithm, iteratively: no
    recursion limit on long chains), each after every component it reaches."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components
