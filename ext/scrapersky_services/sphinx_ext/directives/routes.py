"""The router map: every router with its endpoints, mounts and the background services
endpoints start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ...analysis.records import Endpoint, Finding, Mount, Router
from ..build import BuildState
from ..tables import make_table
from .base import (
    ServiceLink,
    ViewDirective,
    api_pages,
    fields,
    joined,
    literal,
    para,
    section,
)
from .services import ServiceRow, service_lines


@dataclass(frozen=True)
class EndpointRow:
    """One endpoint as the router's table shows it: where it is, the routing findings
    about it (rule, need id), the services it starts and feeds."""

    endpoint: Endpoint
    source: str
    flags: tuple[tuple[str, str], ...]
    starts: tuple[ServiceLink, ...]
    feeds: tuple[ServiceLink, ...]


@dataclass(frozen=True)
class RouterSection:
    router: Router
    endpoints: tuple[EndpointRow, ...]


@dataclass(frozen=True)
class RouterMapView:
    """The sections the option asks for (``background`` None when not shown), the router
    files the page depends on, and the API page of each module the tables reference."""

    background: tuple[ServiceRow, ...] | None
    routers: tuple[RouterSection, ...]
    mounts: tuple[Mount, ...]
    sources: tuple[str, ...]
    api: dict[str, str | None]


def _flags(findings: tuple[Finding, ...]) -> dict[tuple[str, int], list[Finding]]:
    flagged: dict[tuple[str, int], list[Finding]] = {}
    for finding in findings:
        if finding.rule in ("API1", "API2", "API3"):
            flagged.setdefault((finding.module, finding.line), []).append(finding)
    return flagged


def _links(state: BuildState, service_ids: tuple[str, ...]) -> tuple[ServiceLink, ...]:
    services = [state.service(service_id) for service_id in service_ids]
    return tuple(ServiceLink.of(state, service) for service in services if service)


class RouterMapDirective(ViewDirective[RouterMapView]):
    """Every router with its endpoints, and a dedicated background-services section."""

    option_spec: ClassVar = {
        "section": lambda value: directives.choice(value, ("all", "routers", "background"))
    }
    option_help: ClassVar = {"section": "``all`` (default), ``routers`` or ``background``"}

    @classmethod
    def view(
        cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]
    ) -> RouterMapView:
        catalog = state.catalog
        which = options.get("section", "all")
        sources = tuple(
            sorted({router_module_path(catalog, router.module) for router in catalog.routers})
        )
        background = None
        if which in ("all", "background"):
            background = tuple(ServiceRow.of(state, service) for service in catalog.services)
        if which not in ("all", "routers"):
            return RouterMapView(background, (), (), sources, {})
        flags = _flags(catalog.findings)
        sections = []
        for router in sorted(catalog.routers, key=lambda router: (not router.is_app, router.key)):
            endpoints = catalog.endpoints_of(router.key)
            if not endpoints and not router.is_app:
                continue
            rows = tuple(
                EndpointRow(
                    endpoint,
                    f"{catalog.modules_by_name[endpoint.module].path}:{endpoint.line}",
                    tuple(
                        (finding.rule, finding.id)
                        for finding in flags.get((endpoint.module, endpoint.line), [])
                        if endpoint.path in finding.message
                    ),
                    _links(state, endpoint.starts),
                    _links(state, endpoint.feeds),
                )
                for endpoint in endpoints
            )
            sections.append(RouterSection(router, rows))
        modules = [section.router.module for section in sections]
        modules += [row.endpoint.module for section in sections for row in section.endpoints]
        return RouterMapView(
            background, tuple(sections), tuple(catalog.mounts), sources, api_pages(state, modules)
        )

    def render_view(self, view: RouterMapView) -> list[nodes.Node]:
        self.depend(view.sources)
        result: list[nodes.Node] = []
        if view.background is not None:
            node = section(
                self.state.document, "scrapersky-background-services", "Background services"
            )
            node += para(
                "Every background process of the backend, with what starts it. Endpoints that "
                "start or feed one are linked from the router tables below."
            )
            node.extend(service_lines(self, view.background))
            result.append(node)
        for shown in view.routers:
            router = shown.router
            title = f"{router.variable} ({router.module})"
            node = section(self.state.document, f"scrapersky-router-{router.key}", title)
            facts: list[tuple[str, object]] = [
                ("Defined in", self.code_ref(router.module, router.variable, view.api))
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
                    ("Included under", "nothing includes this router: its endpoints are not served")
                )
            node += fields(facts)
            node += self._endpoints(shown.endpoints, view.api)
            result.append(node)
        if view.mounts:
            node = section(self.state.document, "scrapersky-mounts", "Mounted applications")
            node += make_table(
                ["Path", "Target", "Where"],
                [
                    [
                        literal(mount.path),
                        literal(mount.target),
                        literal(f"{mount.module}:{mount.line}"),
                    ]
                    for mount in view.mounts
                ],
            )
            result.append(node)
        return result

    def _endpoints(
        self, endpoints: tuple[EndpointRow, ...], api: dict[str, str | None]
    ) -> nodes.table:
        rows = []
        for row in endpoints:
            endpoint = row.endpoint
            notes: list[nodes.Node | str] = []
            for rule, finding_id in row.flags:
                notes += [*_label(rule), *self.need_ref(finding_id), nodes.Text(" ")]
            for service in row.starts:
                notes += ["starts ", self.link(service), nodes.Text(" ")]
            for service in row.feeds:
                notes += ["feeds ", self.link(service), nodes.Text(" ")]
            if endpoint.condition:
                notes += ["only when ", literal(endpoint.condition)]
            rows.append(
                [
                    literal(endpoint.method),
                    literal(endpoint.path),
                    [self.code_ref(endpoint.module, endpoint.function, api)],
                    literal(row.source),
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
