"""The router map: every router with its endpoints, mounts and the background services
endpoints start.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ...analysis.records import Finding
from ...render.words import trigger_words
from ..build import BuildState
from ..tables import make_table
from .base import (
    ScraperskyDirective,
    fields,
    joined,
    literal,
    para,
    section,
)
from .services import ServiceRow, service_lines


class RouterMapDirective(ScraperskyDirective):
    """Every router with its endpoints, and a dedicated background-services section."""

    option_spec: ClassVar = {
        "section": lambda value: directives.choice(value, ("all", "routers", "background"))
    }
    option_help: ClassVar = {"section": "``all`` (default), ``routers`` or ``background``"}

    @classmethod
    def data(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> object:
        catalog = state.catalog
        return [
            catalog.routers,
            catalog.endpoints,
            catalog.mounts,
            [
                (service.id, service.kind, trigger_words(service), service.registered)
                for service in catalog.services
            ],
            [
                (finding.id, finding.module, finding.line, finding.message)
                for finding in catalog.findings
                if finding.rule.startswith("API")
            ],
        ]

    def render(self) -> list[nodes.Node]:
        state = self.state_
        catalog = state.catalog
        self.depend({router_module_path(catalog, router.module) for router in catalog.routers})
        which = self.options.get("section", "all")
        result: list[nodes.Node] = []
        if which in ("all", "background"):
            node = section(
                self.state.document, "scrapersky-background-services", "Background services"
            )
            node += para(
                "Every background process of the backend, with what starts it. Endpoints that "
                "start or feed one are linked from the router tables below."
            )
            node.extend(
                service_lines(self, [ServiceRow.of(state, service) for service in catalog.services])
            )
            result.append(node)
        if which in ("all", "routers"):
            flags = self._flags()
            routers = sorted(catalog.routers, key=lambda router: (not router.is_app, router.key))
            for router in routers:
                endpoints = catalog.endpoints_of(router.key)
                if not endpoints and not router.is_app:
                    continue
                title = f"{router.variable} ({router.module})"
                node = section(self.state.document, f"scrapersky-router-{router.key}", title)
                facts: list[tuple[str, object]] = [
                    ("Defined in", self.code_ref(router.module, router.variable))
                ]
                if router.prefix:
                    facts.append(("Router prefix", literal(router.prefix)))
                if router.mounted_at:
                    facts.append(
                        (
                            "Included under",
                            joined([literal(prefix or "/") for prefix in router.mounted_at]),
                        )
                    )
                elif not router.is_app:
                    facts.append(
                        (
                            "Included under",
                            "nothing includes this router: its endpoints are not served",
                        )
                    )
                node += fields(facts)
                node += self._endpoints(endpoints, flags)
                result.append(node)
            if catalog.mounts:
                node = section(self.state.document, "scrapersky-mounts", "Mounted applications")
                node += make_table(
                    ["Path", "Target", "Where"],
                    [
                        [
                            literal(mount.path),
                            literal(mount.target),
                            literal(f"{mount.module}:{mount.line}"),
                        ]
                        for mount in catalog.mounts
                    ],
                )
                result.append(node)
        return result

    def _flags(self) -> dict[tuple[str, int], list[Finding]]:
        flagged: dict[tuple[str, int], list[Finding]] = {}
        for finding in self.state_.catalog.findings:
            if finding.rule in ("API1", "API2", "API3"):
                flagged.setdefault((finding.module, finding.line), []).append(finding)
        return flagged

    def _endpoints(self, endpoints, flags) -> nodes.table:
        state = self.state_
        rows = []
        for endpoint in endpoints:
            notes: list[nodes.Node | str] = []
            for finding in flags.get((endpoint.module, endpoint.line), []):
                if endpoint.path in finding.message:
                    notes += [*_label(finding.rule), *self.need_ref(finding.id), nodes.Text(" ")]
            for service_id in endpoint.starts:
                service = state.service(service_id)
                if service:
                    notes += ["starts ", self.service_link(service), nodes.Text(" ")]
            for service_id in endpoint.feeds:
                service = state.service(service_id)
                if service:
                    notes += ["feeds ", self.service_link(service), nodes.Text(" ")]
            if endpoint.condition:
                notes += ["only when ", literal(endpoint.condition)]
            rows.append(
                [
                    literal(endpoint.method),
                    literal(endpoint.path),
                    [self.code_ref(endpoint.module, endpoint.function)],
                    literal(
                        f"{state.catalog.modules_by_name[endpoint.module].path}:{endpoint.line}"
                    ),
                    notes or "",
                ]
            )
        return make_table(
            ["Method", "Path", "Function", "Source", "Notes"], rows, widths=[2, 6, 5, 4, 5]
        )


_LABELS = {"API1": "outside the API prefix: ", "API2": "doubled prefix: ", "API3": "shadowed: "}


def _label(rule: str) -> list[nodes.Node]:
    text = _LABELS.get(rule, rule)
    return [nodes.strong(text, text)]


def router_module_path(catalog, module: str) -> str:
    record = catalog.modules_by_name.get(module)
    return record.path if record else module
