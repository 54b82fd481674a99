"""Directives about services: one service's page sections, and every service in a table
or one line each.

Everything taken from the documented code is put into ``Text`` and ``literal`` nodes (and
escaped DOT), never parsed as markup. Each directive declares the backend files it was
made from (``env.note_dependency``), so editing one re-reads exactly its pages.

It is a little over 500 lines because the service page's six sections (summary, trigger,
operation, outcome, import chain, findings) share one view and its link targets; split,
each section would need the view passed around as a separate record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ...analysis.records import Finding, Service
from ...analysis.services import kind_of
from ...render import graphs
from ...render.words import kind_order, kind_title, setting_words, trigger_words
from ..build import BuildState
from ..envdata import note_documented
from ..needs import need_fields
from ..tables import make_table
from .base import (
    ScraperskyDirective,
    ServiceLink,
    ViewDirective,
    api_pages,
    bullets,
    fields,
    joined,
    literal,
    location,
    para,
    section,
    service_page,
    status_text,
)
from .findings import findings_table
from .graphs import import_chain


@dataclass(frozen=True)
class ServicePageView:
    """One service's sections as its page shows them: the record, its need id, the sections
    asked for, and what decides each link: the API page of every module the sections
    reference, the pages of the services feeding it, the documents its diagrams' boxes link
    to. ``service`` is None for an unknown key."""

    key: str
    service: Service | None = None
    need_id: str = ""
    sections: tuple[str, ...] = ()
    need: bool = False
    api: dict[str, str | None] = field(default_factory=dict)
    producers: tuple[ServiceLink | None, ...] = ()
    """The page of the service each producer runs in (aligned with ``service.producers``)."""
    transitions: graphs.Graph | None = None
    imports: graphs.Graph | None = None
    findings: tuple[tuple[Finding, str], ...] = ()
    """The findings in its code, each with its triage state."""


def _referenced_modules(service: Service, sections: tuple[str, ...]) -> list[str]:
    """The modules whose code the sections reference (as ``code_ref``)."""
    modules: list[str] = []
    registration = service.registration
    if "summary" in sections:
        modules.append(service.module)
        if registration is not None:
            modules.append(registration.module)
    if "trigger" in sections:
        if registration is not None:
            modules += [step.module for step in registration.chain]
        modules += [ref.module for ref in service.endpoints]
        modules += [step.module for step in service.starters]
        modules += [producer.module for producer in service.producers]
    if "operation" in sections:
        if service.loop_helper:
            modules.append(service.loop_helper.partition(":")[0])
        modules += [call.partition(":")[0] for call in service.calls]
    return modules


class ServiceDirective(ViewDirective[ServicePageView]):
    """One background service: summary, trigger, operation, outcome, import chain, findings."""

    argument_help = "service id, job id, need id (SRV-...) or module.function"
    example_argument = "daily_report"
    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar = {"need": directives.flag, "sections": directives.unchanged}
    option_help: ClassVar = {
        "need": "also define the service's need (the generated service pages do)",
        "sections": "comma-separated subset of: summary, trigger, operation, outcome, imports, findings",
    }
    SECTIONS = ("summary", "trigger", "operation", "outcome", "imports", "findings")

    @classmethod
    def view(
        cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]
    ) -> ServicePageView:
        service = state.service(arguments[0])
        if service is None:
            return ServicePageView(arguments[0])
        wanted = [
            part.strip() for part in options.get("sections", ",".join(cls.SECTIONS)).split(",")
        ]
        sections = tuple(part for part in cls.SECTIONS if part in wanted)
        catalog = state.catalog
        producers: tuple[ServiceLink | None, ...] = ()
        if "trigger" in sections:
            producers = tuple(
                ServiceLink.of(state, producing) if producing else None
                for producing in (
                    state.service(producer.service) if producer.service else None
                    for producer in service.producers
                )
            )
        transitions = imports = None
        if "operation" in sections and (service.polls or service.writes):
            transitions = graphs.service_graph(
                catalog, service, lambda shown: service_page(state, shown)
            )
        if "imports" in sections:
            imports = import_chain(
                state, service.module, state.config.graph_max_depth, state.config.graph_max_nodes
            )
        findings: tuple[tuple[Finding, str], ...] = ()
        if "findings" in sections:
            findings = tuple(
                (finding, state.status(finding.id))
                for finding in catalog.findings_for_service(service)
            )
        return ServicePageView(
            arguments[0],
            service,
            state.need_ids[service.id],
            sections,
            "need" in options,
            api_pages(state, _referenced_modules(service, sections)),
            producers,
            transitions,
            imports,
            findings,
        )

    def render_view(self, view: ServicePageView) -> list[nodes.Node]:
        service = view.service
        if service is None:
            return self.unknown("service", view.key)
        self.depend([*service.files, *(producer.path for producer in service.producers)])
        result: list[nodes.Node] = []
        if view.need:
            note_documented(self.env, service.id)
            result += self.need(service, view.need_id)
        prefix = nodes.make_id(view.need_id)
        for part in view.sections:
            body = getattr(self, f"_{part}")(view)
            if body:
                node = section(self.state.document, f"{prefix}-{part}", self.TITLES[part])
                node.extend(body)
                result.append(node)
        return result

    TITLES: ClassVar = {
        "summary": "Summary",
        "trigger": "Trigger",
        "operation": "Operation",
        "outcome": "Business outcome",
        "imports": "Import chain",
        "findings": "Findings",
    }

    def need(self, service: Service, need_id: str) -> list[nodes.Node]:
        return self.make_need(
            "service",
            f"{service.function.rpartition('.')[2]} ({kind_title(service.kind)})",
            id=need_id,
            status="registered" if service.registered else "not-registered",
            content="",
            **need_fields(
                kind=service.kind,
                trigger=trigger_words(service),
                module=service.module,
                location=f"{service.path}:{service.line}",
                workflow=service.workflow,
                owner=service.owner,
            ),
        )

    def _summary(self, view: ServicePageView) -> list[nodes.Node]:
        service = view.service
        rows: list[tuple[str, object]] = [
            ("Need", self.need_ref(view.need_id)),
            ("File", location(self.state_, service.path, service.line)),
            ("Function", self.code_ref(service.module, service.function, view.api)),
            ("Kind", kind_title(service.kind)),
        ]
        if service.job_id:
            rows.append(("Job id", literal(service.job_id)))
        if service.name:
            rows.append(("Job name", service.name))
        rows.append(("Registered", self._registered_words(view)))
        if service.max_instances is not None:
            rows.append(("max_instances", literal(repr(service.max_instances))))
        if service.coalesce is not None:
            rows.append(("coalesce", literal(repr(service.coalesce))))
        if service.kwargs:
            rows.append(
                (
                    "Arguments",
                    bullets(
                        [
                            (literal(name), " = ", literal(value))
                            for name, value in service.kwargs.items()
                        ]
                    ),
                )
            )
        return [fields(rows)]

    def _registered_words(self, view: ServicePageView) -> list[nodes.Node | str]:
        service = view.service
        registration = service.registration
        if kind_of(service.kind).spawned:
            return [
                "yes, started when its callers run"
                if service.registered
                else "no: nothing calls the code that starts it"
            ]
        if not service.registered or registration is None:
            return ["no: nothing reached from the entry points registers it"]
        entry = {
            "lifespan": "yes, at startup, in the lifespan, in ",
            "startup": "yes, at startup, in ",
            "import": "yes, when its module is imported, in ",
            "worker": "yes, when the worker process starts, by ",
        }
        words: list[nodes.Node | str] = [entry.get(registration.entry, "yes, in ")]
        words.append(self.code_ref(registration.module, registration.function, view.api))
        if registration.condition:
            words += [" only when ", literal(registration.condition)]
            if registration.enabled_by_default is False:
                words.append(" (not with the default settings)")
            elif registration.enabled_by_default is True:
                words.append(" (true with the default settings)")
        return words

    def _trigger(self, view: ServicePageView) -> list[nodes.Node]:
        service = view.service
        trigger = service.trigger
        body: list[nodes.Node] = [
            para(nodes.strong(trigger_words(service), trigger_words(service)))
        ]
        rows: list[tuple[str, object]] = []
        if trigger.setting:
            rows.append(("Setting", literal(setting_words(trigger))))
        if trigger.expression and trigger.type not in ("endpoint",):
            rows.append(("As written", literal(trigger.expression)))
        if rows:
            body.append(fields(rows))
        registration = service.registration
        if registration and registration.chain:
            steps = self.step_items(registration.chain, view.api)
            body.append(
                para(f"Registration chain, from the {registration.entry or 'entry point'}:")
            )
            chain = nodes.enumerated_list()
            for step in steps:
                item = nodes.list_item()
                item += para(*step)
                chain += item
            body.append(chain)
        if service.endpoints:
            body.append(para("Started by these endpoints:"))
            body.append(self._endpoint_table(service.endpoints, view.api))
        if service.starters and service.trigger.type != "endpoint":
            body.append(para("Spawned in:"))
            body.append(bullets(self.step_items(service.starters, view.api)))
        if service.polls:
            body.append(para("Waits for rows in these statuses:"))
            body.append(bullets([literal(status_text(status)) for status in service.polls]))
            body.append(para("Put there by:"))
            if service.producers:
                body.append(self._producer_table(view))
            else:
                body.append(para(nodes.emphasis("", "nothing in the code writes these statuses")))
        return body

    def _endpoint_table(self, refs, api: dict[str, str | None]) -> nodes.table:
        rows = [
            [
                literal(ref.method),
                literal(ref.path),
                [self.code_ref(ref.module, ref.function, api)],
                literal(f"line {ref.line}"),
            ]
            for ref in refs
        ]
        return make_table(["Method", "Path", "Function", "Where"], rows, widths=[2, 5, 5, 2])

    def _producer_table(self, view: ServicePageView) -> nodes.table:
        rows = []
        for producer, producing in zip(view.service.producers, view.producers, strict=True):
            if producer.endpoint:
                endpoint = [literal(f"{producer.endpoint.method} {producer.endpoint.path}")]
            elif producing is not None:
                endpoint = ["service ", self.link(producing)]
            elif producer.function == "<module>":
                endpoint = ["column default"]
            else:
                endpoint = ["–"]
            rows.append(
                [
                    endpoint,
                    [self.code_ref(producer.module, producer.function, view.api)],
                    location(self.state_, producer.path, producer.line),
                    literal(status_text(producer.status)),
                ]
            )
        return make_table(
            ["Endpoint or service", "Function", "File", "Writes"], rows, widths=[5, 5, 4, 5]
        )

    def _operation(self, view: ServicePageView) -> list[nodes.Node]:
        service = view.service
        body: list[nodes.Node] = []
        if service.docstring:
            block = nodes.literal_block(
                service.docstring, service.docstring, classes=["scrapersky-docstring"]
            )
            block["language"] = "text"
            body.append(block)
        else:
            body.append(para(nodes.emphasis("", "The function has no docstring.")))
        if view.transitions is not None:
            body.append(para("Status transitions:"))
            body += self.graph(view.transitions, f"Statuses {service.function} polls and writes")
        if service.loop_helper:
            module, _, function = service.loop_helper.partition(":")
            body.append(
                para(
                    "Runs the generic polling loop ", self.code_ref(module, function, view.api), "."
                )
            )
        if service.calls:
            calls = []
            for call in service.calls:
                module, _, function = call.partition(":")
                calls.append([self.code_ref(module, function, view.api)])
            body.append(para("Project functions it calls (directly or not):"))
            body.append(bullets(calls))
        if service.models:
            body.append(
                para(
                    "Models it reads or writes: ",
                    *joined([literal(model) for model in service.models]),
                )
            )
        return body

    def _outcome(self, view: ServicePageView) -> list[nodes.Node]:
        service = view.service
        if not service.outcome:
            return [
                para(
                    nodes.strong("", "Not documented."),
                    " Add an outcome for this service to the services metadata file.",
                )
            ]
        body: list[nodes.Node] = [para(service.outcome)]
        rows = []
        if service.workflow:
            rows.append(("Workflow", service.workflow))
        if service.owner:
            rows.append(("Owner", service.owner))
        source = (
            "the services metadata file"
            if service.outcome_source == "metadata"
            else "the module docstring"
        )
        rows.append(("Source", source))
        body.append(fields(rows))
        return body

    def _imports(self, view: ServicePageView) -> list[nodes.Node]:
        model = view.imports
        body = self.graph(model, f"Import chain of {view.service.module}")
        body.append(
            para(
                "Boxes link to the module's API page (or its service page). Red outlines: modules "
                "with findings; red edges: import cycles; dashed: imports inside a function; "
                "dotted: imports for type checking only."
            )
        )
        if model.external:
            body.append(
                para(
                    "External packages it uses: ",
                    *joined([literal(name) for name in model.external]),
                )
            )
        return body

    def _findings(self, view: ServicePageView) -> list[nodes.Node]:
        if not view.findings:
            return [para("No findings point into this service's code.")]
        return [findings_table(self, view.findings)]


# -- lists of services -------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceRow:
    """One service as the lists show it."""

    id: str
    service: ServiceLink
    kind: str
    trigger: str
    registered: bool
    outcome: str | None
    workflow: str | None

    @classmethod
    def of(cls, state: BuildState, service: Service) -> ServiceRow:
        return cls(
            service.id,
            ServiceLink.of(state, service),
            service.kind,
            trigger_words(service),
            service.registered,
            service.outcome,
            service.workflow,
        )


@dataclass(frozen=True)
class ServicesView:
    """The services chosen by the options, and whether one line each is asked for."""

    rows: tuple[ServiceRow, ...]
    lines: bool


class ServicesDirective(ViewDirective[ServicesView]):
    """Every service in one table (or one line each), grouped by kind."""

    option_spec: ClassVar = {
        "kind": directives.unchanged,
        "format": lambda value: directives.choice(value, ("table", "lines")),
    }
    option_help: ClassVar = {
        "kind": "only services of these kinds (comma-separated, e.g. apscheduler-interval)",
        "format": "``table`` (default) or ``lines`` (one line per service with its trigger)",
    }

    @classmethod
    def view(
        cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]
    ) -> ServicesView:
        kinds = [kind.strip() for kind in options.get("kind", "").split(",") if kind.strip()]
        rows = tuple(
            ServiceRow.of(state, service)
            for service in state.catalog.services
            if not kinds or service.kind in kinds
        )
        return ServicesView(rows, options.get("format") == "lines")

    def render_view(self, view: ServicesView) -> list[nodes.Node]:
        if not view.rows:
            return [para("No background services found.")]
        if view.lines:
            return service_lines(self, view.rows)
        rows = []
        order = {kind: position for position, kind in enumerate(kind_order())}
        for row in sorted(view.rows, key=lambda item: (order.get(item.kind, 99), item.id)):
            outcome = row.outcome or "Not documented."
            cell = nodes.entry()
            cell += para(self.link(row.service))
            cell += nodes.paragraph(outcome, outcome, classes=["scrapersky-muted"])
            rows.append(
                [
                    cell,
                    kind_title(row.kind),
                    row.trigger,
                    "yes" if row.registered else "no",
                    row.workflow or "",
                ]
            )
        headers = ["Service and outcome", "Kind", "Trigger", "Registered", "Workflow"]
        return [make_table(headers, rows, widths=[10, 4, 5, 3, 3])]


def service_lines(directive: ScraperskyDirective, rows: Sequence[ServiceRow]) -> list[nodes.Node]:
    """One line per service: its name, kind and trigger in words."""
    if not rows:
        return [para("No background services found.")]
    return [
        bullets(
            [
                (
                    directive.link(row.service),
                    f" ({kind_title(row.kind)}): {row.trigger}"
                    + ("" if row.registered else " (never registered)"),
                )
                for row in rows
            ]
        )
    ]
