"""The static-analysis artifacts published with the site (JSON, same input -> same bytes).

``services.json``                 the whole catalog
``functional_dependency_map.json`` module -> the services, routers and workflows it serves
``all_used_modules.json``         modules reachable from the entry points
``unused_candidates.json``        modules nothing reachable imports, with their review state
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from ..analysis.catalog import Catalog

DESCRIPTIONS = {
    "services.json": "The whole catalog: modules, imports, settings, services, endpoints, queues and findings.",
    "functional_dependency_map.json": "For each module, the services, routers and workflows whose import chain uses it.",
    "all_used_modules.json": "Every module reachable from the application's entry points.",
    "unused_candidates.json": "Modules nothing reachable imports: archived-code candidates and their review state.",
}


def _dump(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def artifacts(catalog: Catalog, statuses: dict[str, str], root_label: str) -> dict[str, str]:
    published = dataclasses.replace(catalog, root=root_label)
    serving: dict[str, dict[str, set[str]]] = {}

    def serve(module: str, kind: str, name: str) -> None:
        entry = serving.setdefault(
            module, {"services": set(), "routers": set(), "workflows": set()}
        )
        entry[kind].add(name)

    for service in catalog.services:
        for module in [service.module, *catalog.closure(service.module)]:
            serve(module, "services", service.id)
            if service.workflow:
                serve(module, "workflows", service.workflow)
    for router in catalog.routers:
        for module in [router.module, *catalog.closure(router.module)]:
            serve(module, "routers", router.key)
    dependency_map = {
        module.name: {
            "path": module.path,
            **{
                kind: sorted(names)
                for kind, names in serving.get(
                    module.name, {"services": set(), "routers": set(), "workflows": set()}
                ).items()
            },
        }
        for module in catalog.modules
    }
    used = [
        {"name": module.name, "path": module.path} for module in catalog.modules if module.reachable
    ]
    mod1 = {finding.module: finding for finding in catalog.findings if finding.rule == "MOD1"}
    unused = []
    for module in catalog.modules:
        if module.reachable:
            continue
        finding = mod1.get(module.name)
        unused.append(
            {
                "name": module.name,
                "path": module.path,
                "finding": finding.id if finding else None,
                "review": statuses.get(finding.id, "pending-review")
                if finding
                else "not flagged (empty package)",
            }
        )
    return {
        "services.json": published.to_json(),
        "functional_dependency_map.json": _dump(
            {"entry_points": list(catalog.entry_points), "modules": dependency_map}
        ),
        "all_used_modules.json": _dump(
            {"entry_points": list(catalog.entry_points), "modules": used}
        ),
        "unused_candidates.json": _dump(
            {"entry_points": list(catalog.entry_points), "modules": unused}
        ),
    }
