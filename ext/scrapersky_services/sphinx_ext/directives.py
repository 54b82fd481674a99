"""Directives that show the catalog: services, graphs, routers, status flow, findings.

Everything taken from the documented code is put into ``Text`` and ``literal`` nodes (and
escaped DOT), never parsed as markup. Each directive declares the backend files it was
made from (``env.note_dependency``), so editing one re-reads exactly its pages.

It is long because it holds the nine directives that show the catalog, one class each with
the table or diagram it builds; their shared plumbing is in :mod:`.directive_base`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ..analysis.records import Finding, Service, StatusRef
from ..analysis.rules import RULES, SEVERITIES
from ..render import graphs
from ..render.words import kind_title, setting_words, trigger_words
from .build import BuildState
from .directive_base import (
    ScraperskyDirective,
    bullets,
    doc_link,
    fields,
    literal,
    location,
    para,
    section,
)
from .envdata import note_documented
from .needs import need_fields
from .tables import inline_text, make_table

# -- one service -----------------------------------------------------------------------------


def _status_text(status: StatusRef) -> str:
    enum = status.enum.rpartition(":")[2]
    value = f"{enum}.{status.member}" if enum else repr(status.value)
    return f"{status.model}.{status.field} = {value}"


class ServiceDirective(ScraperskyDirective):
    """One background service: summary, trigger, operation, outcome, import chain, findings."""

    argument_help = "service id, job id, need id (SRV-...) or module.function"
    example_argument = "domain_worker"
    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar = {"need": directives.flag, "sections": directives.unchanged}
    option_help: ClassVar = {
        "need": "also define the service's need (the generated service pages do)",
        "sections": "comma-separated subset of: summary, trigger, operation, outcome, imports, findings",
    }
    SECTIONS = ("summary", "trigger", "operation", "outcome", "imports", "findings")

    @classmethod
    def data(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> object:
        service = state.service(arguments[0])
        if service is None:
            return None
        catalog = state.catalog
        closure = catalog.closure(service.module)
        findings = catalog.findings_for_service(service)
        return [
            service,
            [(finding, state.status(finding.id)) for finding in findings],
            [(name, catalog.internal_targets(name)) for name in [service.module, *closure]],
            sorted({finding.module for finding in catalog.findings} & {service.module, *closure}),
            [
                (producer.service, state.need_ids.get(producer.service or ""))
                for producer in service.producers
            ],
        ]

    def render(self) -> list[nodes.Node]:
        state = self.state_
        service = state.service(self.arguments[0])
        if service is None:
            return self.unknown("service", self.arguments[0])
        self.depend([*service.files, *(producer.path for producer in service.producers)])
        wanted = [
            part.strip()
            for part in self.options.get("sections", ",".join(self.SECTIONS)).split(",")
        ]
        result: list[nodes.Node] = []
        if "need" in self.options:
            note_documented(self.env, service.id)
            result += self.need(service)
        prefix = nodes.make_id(state.need_ids[service.id])
        for part in self.SECTIONS:
            if part in wanted:
                body = getattr(self, f"_{part}")(service)
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

    def need(self, service: Service) -> list[nodes.Node]:
        state = self.state_
        return self.make_need(
            "service",
            f"{service.function.rpartition('.')[2]} ({kind_title(service.kind)})",
            id=state.need_ids[service.id],
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

    def _summary(self, service: Service) -> list[nodes.Node]:
        rows: list[tuple[str, object]] = [
            ("Need", self.need_ref(self.state_.need_ids[service.id])),
            ("File", location(self.state_, service.path, service.line)),
            ("Function", self.code_ref(service.module, service.function)),
            ("Kind", kind_title(service.kind)),
        ]
        if service.job_id:
            rows.append(("Job id", literal(service.job_id)))
        if service.name:
            rows.append(("Job name", service.name))
        rows.append(("Registered", self._registered_words(service)))
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

    def _registered_words(self, service: Service) -> list[nodes.Node | str]:
        registration = service.registration
        if service.kind in ("background-task", "asyncio-task"):
            return [
                "yes, started when its callers run"
                if service.registered
                else "no: nothing calls the code that starts it"
            ]
        if not service.registered or registration is None:
            return ["no: nothing reached from the entry points registers it"]
        entry = {
            "lifespan": "at startup, in the lifespan",
            "startup": "at startup",
            "import": "when its module is imported",
        }
        words: list[nodes.Node | str] = [f"yes, {entry.get(registration.entry, 'at startup')}, in "]
        words.append(self.code_ref(registration.module, registration.function))
        if registration.condition:
            words += [" only when ", literal(registration.condition)]
            if registration.enabled_by_default is False:
                words.append(" (not with the default settings)")
            elif registration.enabled_by_default is True:
                words.append(" (true with the default settings)")
        return words

    def _trigger(self, service: Service) -> list[nodes.Node]:
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
            steps = [
                (self.code_ref(step.module, step.function), f" (line {step.line})")
                for step in registration.chain
            ]
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
            body.append(self._endpoint_table(service.endpoints))
        if service.starters and service.kind != "background-task":
            body.append(para("Spawned in:"))
            body.append(
                bullets(
                    [
                        (self.code_ref(step.module, step.function), f" (line {step.line})")
                        for step in service.starters
                    ]
                )
            )
        if service.polls:
            body.append(para("Waits for rows in these statuses:"))
            body.append(bullets([literal(_status_text(status)) for status in service.polls]))
            body.append(para("Put there by:"))
            if service.producers:
                body.append(self._producer_table(service))
            else:
                body.append(para(nodes.emphasis("", "nothing in the code writes these statuses")))
        return body

    def _endpoint_table(self, refs) -> nodes.table:
        rows = [
            [
                literal(ref.method),
                literal(ref.path),
                [self.code_ref(ref.module, ref.function)],
                literal(f"line {ref.line}"),
            ]
            for ref in refs
        ]
        return make_table(["Method", "Path", "Function", "Where"], rows, widths=[2, 5, 5, 2])

    def _producer_table(self, service: Service) -> nodes.table:
        rows = []
        for producer in service.producers:
            if producer.endpoint:
                endpoint = [literal(f"{producer.endpoint.method} {producer.endpoint.path}")]
            elif producer.service and self.state_.service(producer.service):
                endpoint = ["service ", self.service_link(self.state_.service(producer.service))]
            elif producer.function == "<module>":
                endpoint = ["column default"]
            else:
                endpoint = ["–"]
            rows.append(
                [
                    endpoint,
                    [self.code_ref(producer.module, producer.function)],
                    location(self.state_, producer.path, producer.line),
                    literal(_status_text(producer.status)),
                ]
            )
        return make_table(
            ["Endpoint or service", "Function", "File", "Writes"], rows, widths=[5, 5, 4, 5]
        )

    def _operation(self, service: Service) -> list[nodes.Node]:
        body: list[nodes.Node] = []
        if service.docstring:
            block = nodes.literal_block(
                service.docstring, service.docstring, classes=["scrapersky-docstring"]
            )
            block["language"] = "text"
            body.append(block)
        else:
            body.append(para(nodes.emphasis("", "The function has no docstring.")))
        if service.polls or service.writes:
            body.append(para("Status transitions:"))
            model = graphs.service_graph(
                self.state_.catalog, service, lambda s: self.url_to(self.state_.service_docname(s))
            )
            body += self.graph(model, f"Statuses {service.function} polls and writes")
        if service.loop_helper:
            module, _, function = service.loop_helper.partition(":")
            body.append(
                para("Runs the generic polling loop ", self.code_ref(module, function), ".")
            )
        if service.calls:
            calls = []
            for call in service.calls:
                module, _, function = call.partition(":")
                calls.append([self.code_ref(module, function)])
            body.append(para("Project functions it calls (directly or not):"))
            body.append(bullets(calls))
        if service.models:
            body.append(
                para(
                    "Models it reads or writes: ",
                    *_joined([literal(model) for model in service.models]),
                )
            )
        return body

    def _outcome(self, service: Service) -> list[nodes.Node]:
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

    def _imports(self, service: Service) -> list[nodes.Node]:
        state = self.state_
        model = graphs.import_graph(
            state.catalog,
            service.module,
            self.module_url,
            state.config.graph_max_depth,
            state.config.graph_max_nodes,
        )
        body = self.graph(model, f"Import chain of {service.module}")
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
                    *_joined([literal(name) for name in model.external]),
                )
            )
        return body

    def _findings(self, service: Service) -> list[nodes.Node]:
        findings = self.state_.catalog.findings_for_service(service)
        if not findings:
            return [para("No findings point into this service's code.")]
        return [findings_table(self, findings)]


def _joined(items: list[nodes.Node], separator: str = ", ") -> list[nodes.Node]:
    joined: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            joined.append(nodes.Text(separator))
        joined.append(item)
    return joined


def findings_table(directive: ScraperskyDirective, findings: Iterable[Finding]) -> nodes.table:
    state = directive.state_
    rows = [
        [
            directive.need_ref(finding.id),
            finding.severity,
            state.status(finding.id),
            location(state, finding.path, finding.line),
            finding.message,
        ]
        for finding in findings
    ]
    return make_table(
        ["Finding", "Severity", "Status", "Where", "What"], rows, widths=[4, 3, 3, 5, 8]
    )


# -- lists of services -------------------------------------------------------------------------


class ServicesDirective(ScraperskyDirective):
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
    def data(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> object:
        return [
            (
                service.id,
                service.kind,
                trigger_words(service),
                service.registered,
                service.outcome,
                service.workflow,
            )
            for service in state.catalog.services
        ]

    def render(self) -> list[nodes.Node]:
        state = self.state_
        kinds = [kind.strip() for kind in self.options.get("kind", "").split(",") if kind.strip()]
        services = [
            service for service in state.catalog.services if not kinds or service.kind in kinds
        ]
        if not services:
            return [para("No background services found.")]
        if self.options.get("format") == "lines":
            return service_lines(self, services)
        rows = []
        order = {kind: position for position, kind in enumerate(graphs_kind_order())}
        for service in sorted(services, key=lambda item: (order.get(item.kind, 99), item.id)):
            outcome = service.outcome or "Not documented."
            cell = nodes.entry()
            cell += para(self.service_link(service))
            cell += nodes.paragraph(outcome, outcome, classes=["scrapersky-muted"])
            rows.append(
                [
                    cell,
                    kind_title(service.kind),
                    trigger_words(service),
                    "yes" if service.registered else "no",
                    service.workflow or "",
                ]
            )
        headers = ["Service and outcome", "Kind", "Trigger", "Registered", "Workflow"]
        return [make_table(headers, rows, widths=[10, 4, 5, 3, 3])]


def service_lines(directive: ScraperskyDirective, services: Sequence[Service]) -> list[nodes.Node]:
    """One line per service: its name, kind and trigger in words."""
    if not services:
        return [para("No background services found.")]
    return [
        bullets(
            [
                (
                    directive.service_link(service),
                    f" ({kind_title(service.kind)}): {trigger_words(service)}"
                    + ("" if service.registered else " (never registered)"),
                )
                for service in services
            ]
        )
    ]


def graphs_kind_order() -> list[str]:
    return [
        "apscheduler-interval",
        "apscheduler-cron",
        "apscheduler-date",
        "polling-loop",
        "background-task",
        "asyncio-task",
    ]


# -- imports -------------------------------------------------------------------------------------


class ImportGraphDirective(ScraperskyDirective):
    """The import chain of one backend module, as a clickable diagram."""

    argument_help = "dotted module name"
    example_argument = "src.services.domain_scheduler"
    required_arguments = 1
    option_spec: ClassVar = {"depth": directives.positive_int, "max-nodes": directives.positive_int}
    option_help: ClassVar = {
        "depth": "levels of imports to follow (default: ``scrapersky_graph_max_depth``)",
        "max-nodes": "most modules to draw (default: ``scrapersky_graph_max_nodes``)",
    }

    @classmethod
    def data(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> object:
        catalog = state.catalog
        names = [arguments[0], *catalog.closure(arguments[0])]
        return [
            [(name, catalog.internal_targets(name)) for name in names],
            sorted({finding.module for finding in catalog.findings} & set(names)),
            [(service.module, service.id) for service in catalog.services],
        ]

    def render(self) -> list[nodes.Node]:
        state = self.state_
        module = self.arguments[0]
        if module not in state.catalog.modules_by_name:
            return self.unknown("module", module)
        model = graphs.import_graph(
            state.catalog,
            module,
            self.module_url,
            self.options.get("depth", state.config.graph_max_depth),
            self.options.get("max-nodes", state.config.graph_max_nodes),
        )
        self.depend(
            state.catalog.modules_by_name[name].path
            for name in [module, *state.catalog.closure(module)]
        )
        body = self.graph(model, f"Import chain of {module}")
        if model.external:
            body.append(
                para("External packages: ", *_joined([literal(name) for name in model.external]))
            )
        return body


# -- routers ---------------------------------------------------------------------------------------


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
            node.extend(service_lines(self, catalog.services))
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
                            _joined([literal(prefix or "/") for prefix in router.mounted_at]),
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


# -- status flow -----------------------------------------------------------------------------------


class StatusFlowDirective(ScraperskyDirective):
    """The whole pipeline (endpoint -> status -> job -> status -> next job), or one service's."""

    option_spec: ClassVar = {"service": directives.unchanged_required}
    option_help: ClassVar = {
        "service": "show only this service's transitions (service id, job id or need id)"
    }

    @classmethod
    def data(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> object:
        catalog = state.catalog
        return [
            catalog.queues,
            [
                (
                    service.id,
                    service.function,
                    service.registered,
                    service.kind,
                    service.endpoints,
                    service.polls,
                    service.writes,
                )
                for service in catalog.services
            ],
            options.get("service"),
        ]

    def render(self) -> list[nodes.Node]:
        state = self.state_
        catalog = state.catalog
        url = lambda service: self.url_to(state.service_docname(service))  # noqa: E731
        if "service" in self.options:
            service = state.service(self.options["service"])
            if service is None:
                return self.unknown("service", self.options["service"])
            self.depend(service.files)
            return self.graph(
                graphs.service_graph(catalog, service, url),
                f"Status transitions of {service.function}",
            )
        paths = {producer.path for service in catalog.services for producer in service.producers}
        paths |= {service.path for service in catalog.services}
        self.depend(paths)
        body = self.graph(graphs.pipeline_graph(catalog, url), "The status pipeline")
        body.append(
            para(
                "Endpoints (yellow) write statuses (notes) that jobs (green) poll; jobs write "
                "statuses the next job polls. Red: a queue nobody polls; orange: a status a job "
                "waits for that nothing writes; dashed jobs are never registered."
            )
        )
        rows = []
        for queue in catalog.queues:
            pollers: list[nodes.Node | str] = []
            for service_id in queue.pollers:
                service = state.service(service_id)
                if service:
                    pollers += [self.service_link(service), nodes.Text(" ")]
            writers: list[nodes.Node | str] = []
            for writer in queue.writers:
                what = (
                    f"{writer.endpoint.method} {writer.endpoint.path}"
                    if writer.endpoint
                    else f"{writer.function}"
                )
                writers += [literal(what), nodes.Text(" ")]
            verdict = (
                "queue nobody polls"
                if queue.orphan
                else "nothing writes it"
                if queue.unwritten
                else "fed and polled"
            )
            rows.append(
                [literal(_status_text(queue.status)), pollers or "–", writers or "–", verdict]
            )
        if rows:
            table_section = section(
                self.state.document, "scrapersky-queues", "Statuses and who moves them"
            )
            table_section += make_table(
                ["Status", "Polled by", "Written by", "State"], rows, widths=[5, 5, 5, 3]
            )
            body.append(table_section)
        return body


# -- findings and mandates -------------------------------------------------------------------------


class FindingsDirective(ScraperskyDirective):
    """Findings as a table, or (``:needs:``) as the finding needs themselves."""

    option_spec: ClassVar = {
        "rule": directives.unchanged,
        "severity": directives.unchanged,
        "status": directives.unchanged,
        "module": directives.unchanged,
        "service": directives.unchanged,
        "needs": directives.flag,
    }
    option_help: ClassVar = {
        "rule": "only these rules (comma-separated codes)",
        "severity": "only these severities (comma-separated)",
        "status": "only these triage states (open, pending-review, accepted, ...)",
        "module": "only findings in this module",
        "service": "only findings affecting this service",
        "needs": "define the findings as needs (the generated rule pages do; once per finding)",
    }

    @classmethod
    def data(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> object:
        return [
            (
                finding,
                state.status(finding.id),
                state.triage.entries.get(finding.id),
                [state.need_ids.get(item) for item in finding.services],
            )
            for finding in state.catalog.findings
        ]

    def render(self) -> list[nodes.Node]:
        state = self.state_
        findings = list(state.catalog.findings)

        def chosen(option: str) -> set[str]:
            return {
                item.strip() for item in self.options.get(option, "").split(",") if item.strip()
            }

        if chosen("rule"):
            findings = [finding for finding in findings if finding.rule in chosen("rule")]
        if chosen("severity"):
            findings = [finding for finding in findings if finding.severity in chosen("severity")]
        if chosen("status"):
            findings = [
                finding for finding in findings if state.status(finding.id) in chosen("status")
            ]
        if "module" in self.options:
            findings = [finding for finding in findings if finding.module == self.options["module"]]
        if "service" in self.options:
            service = state.service(self.options["service"])
            if service is None:
                return self.unknown("service", self.options["service"])
            findings = state.catalog.findings_for_service(service)
        self.depend(finding.path for finding in findings)
        result: list[nodes.Node] = []
        rules = chosen("rule")
        if len(rules) == 1:
            rule = RULES.get(next(iter(rules)))
            if rule is not None:
                result.append(
                    fields(
                        [
                            ("Severity", rule.severity),
                            ("Mandate", self.need_ref(rule.mandate)),
                            ("Why it matters", inline_text(rule.rationale)),
                        ]
                    )
                )
        if not findings:
            result.append(para("No findings."))
            return result
        if "needs" not in self.options:
            result.append(findings_table(self, findings))
            return result
        for finding in findings:
            result += self._need(finding)
        return result

    def _need(self, finding: Finding) -> list[nodes.Node]:
        state = self.state_
        entry = state.triage.entries.get(finding.id)
        affects = [
            state.need_ids[service_id]
            for service_id in finding.services
            if service_id in state.need_ids
        ]
        links: dict[str, list[str]] = {"violates": [finding.mandate]}
        if affects:
            links["affects"] = affects
        if entry and entry.decision == "planned" and entry.workitem:
            links["planned_in"] = [entry.workitem]
        title = finding.message
        if finding.symbol and finding.symbol not in title:
            title = f"{title} (in {finding.symbol})"
        return self.make_need(
            "finding",
            title,
            id=finding.id,
            status=state.status(finding.id),
            content="",
            **need_fields(
                severity=finding.severity,
                rule=finding.rule,
                location=f"{finding.path}:{finding.line}",
                module=finding.module,
                fingerprint=finding.fingerprint,
                reviewer=entry.reviewer if entry else None,
                decided=entry.date if entry else None,
                reason=entry.reason if entry else None,
            ),
            **links,
        )


class FindingsSummaryDirective(ScraperskyDirective):
    """Counts of findings by rule and severity, and by triage state."""

    @classmethod
    def data(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> object:
        return [
            state.catalog.rules,
            [
                (finding.id, finding.rule, finding.severity, state.status(finding.id))
                for finding in state.catalog.findings
            ],
        ]

    def render(self) -> list[nodes.Node]:
        state = self.state_
        catalog = state.catalog
        counts: dict[str, dict[str, int]] = {}
        for finding in catalog.findings:
            counts.setdefault(finding.rule, dict.fromkeys(SEVERITIES, 0))[finding.severity] += 1
        rows = []
        for code, rule in catalog.applied_rules().items():
            by_severity = counts.get(code, dict.fromkeys(SEVERITIES, 0))
            total = sum(by_severity.values())
            rows.append(
                [
                    [doc_link(state.docname(f"findings/{code}"), literal(code), self.docname)],
                    rule.title,
                    rule.severity,
                    str(total),
                    str(
                        sum(
                            1
                            for finding in catalog.findings
                            if finding.rule == code
                            and state.status(finding.id) in ("open", "pending-review")
                        )
                    ),
                ]
            )
        by_status: dict[str, int] = {}
        for finding in catalog.findings:
            status = state.status(finding.id)
            by_status[status] = by_status.get(status, 0) + 1
        return [
            make_table(
                ["Rule", "What", "Severity", "Findings", "Untriaged"], rows, widths=[2, 7, 2, 2, 2]
            ),
            make_table(
                ["Triage state", "Findings"],
                [[literal(status), str(count)] for status, count in sorted(by_status.items())],
            ),
        ]


class MandatesDirective(ScraperskyDirective):
    """The architectural mandates as needs (their ids are what findings link to)."""

    option_spec: ClassVar = {"no-needs": directives.flag}
    option_help: ClassVar = {"no-needs": "list them without defining the needs"}

    @classmethod
    def data(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> object:
        # sphinx-needs lists each mandate's violations ("violated by") when the page is
        # written: the page must be written again when that list changes
        wording = [(m.id, m.title, m.statement, m.rationale) for m in state.mandates]
        if "no-needs" in options:
            return wording
        return [
            wording,
            sorted((finding.mandate, finding.id) for finding in state.catalog.findings),
        ]

    def render(self) -> list[nodes.Node]:
        if "no-needs" in self.options:
            return [
                bullets(
                    [
                        (nodes.strong(m.title, m.title), f": {m.statement}")
                        for m in self.state_.mandates
                    ]
                )
            ]
        result: list[nodes.Node] = [
            bullets(
                [
                    (*self.need_ref(mandate.id), f": {mandate.statement}")
                    for mandate in self.state_.mandates
                ]
            )
        ]
        for mandate in self.state_.mandates:
            result += self.make_need(
                "mandate",
                mandate.title,
                id=mandate.id,
                status="active",
                content=f"{mandate.statement}\n\n*Why:* {mandate.rationale}",
            )
        return result


class RulesReference(ScraperskyDirective):
    """Reference table of every audit rule: code, severity, mandate, rationale."""

    def render(self) -> list[nodes.Node]:
        rows = [
            [
                literal(code),
                rule.title,
                rule.severity,
                literal(rule.mandate),
                inline_text(rule.rationale),
            ]
            for code, rule in RULES.items()
        ]
        return [
            make_table(["Code", "Rule", "Severity", "Mandate", "Why"], rows, widths=[2, 5, 2, 4, 8])
        ]


#: The directives that show the catalog (the overview and the site's own text add theirs in
#: :mod:`.directive_registry`).
CATALOG_DIRECTIVES: dict[str, type[ScraperskyDirective]] = {
    "scrapersky-service": ServiceDirective,
    "scrapersky-services": ServicesDirective,
    "scrapersky-import-graph": ImportGraphDirective,
    "scrapersky-router-map": RouterMapDirective,
    "scrapersky-status-flow": StatusFlowDirective,
    "scrapersky-findings": FindingsDirective,
    "scrapersky-findings-summary": FindingsSummaryDirective,
    "scrapersky-mandates": MandatesDirective,
    "scrapersky-rules": RulesReference,
}
