"""Directives for the overview pages: landing cards, scheduler engine, registrations,
transactions, archived-code candidates and the command-line reference."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ...analysis.rules import SEVERITIES
from ...render.words import kind_title, trigger_words
from ..build import BuildState
from ..tables import make_table
from .base import ScraperskyDirective, bullets, fields, joined, literal, para


def _cards_markup(cards: list[tuple[str, str, list[str]]], markdown: bool) -> str:
    """sphinx-design grid of link cards, in the markup of the page being read."""
    lines: list[str] = []
    if markdown:
        lines += ["````{grid} 1 2 2 4", ":gutter: 2", ""]
        for title, link, body in cards:
            lines += [
                f"```{{grid-item-card}} {title}",
                f":link: {link}",
                ":link-type: doc",
                ":class-card: scrapersky-card",
                "",
            ]
            lines += [*body, "```", ""]
        lines.append("````")
    else:
        lines += [".. grid:: 1 2 2 4", "   :gutter: 2", ""]
        for title, link, body in cards:
            lines += [
                f"   .. grid-item-card:: {title}",
                f"      :link: {link}",
                "      :link-type: doc",
                "      :class-card: scrapersky-card",
                "",
            ]
            lines += [f"      {line}" for line in body] + [""]
    return "\n".join(lines)


def _count(expression: str, markdown: bool) -> str:
    """A sphinx-needs ``need_count`` role: counted when the pages are written, so it
    always agrees with the needs (triage included)."""
    return f"{{need_count}}`{expression}`" if markdown else f":need_count:`{expression}`"


def _figures(state: BuildState) -> dict[str, object]:
    """The figures of the summary's cards that come from the catalog."""
    catalog = state.catalog
    by_kind: dict[str, int] = {}
    for service in catalog.services:
        by_kind[kind_title(service.kind)] = by_kind.get(kind_title(service.kind), 0) + 1
    prefix = catalog.api_prefix
    return {
        "services": len(catalog.services),
        "registered": sum(service.registered for service in catalog.services),
        "by_kind": sorted(by_kind.items()),
        "endpoints": len(catalog.endpoints),
        "routers": len(catalog.routers),
        "starting": sum(1 for endpoint in catalog.endpoints if endpoint.starts or endpoint.feeds),
        "api_prefix": prefix,
        "outside": sum(
            1
            for endpoint in catalog.endpoints
            if endpoint.mounted
            and not (endpoint.path == prefix or endpoint.path.startswith(prefix + "/"))
        ),
        "findings": len(catalog.findings),
    }


class SummaryDirective(ScraperskyDirective):
    """Cards with live figures: services by kind, endpoints, open findings by severity,
    work-order progress; each card links to its section."""

    option_spec: ClassVar = {"work-orders": directives.unchanged}
    option_help: ClassVar = {
        "work-orders": "document the progress card links to (default: ``work-orders/index``)"
    }

    @classmethod
    def data(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> object:
        # every figure the cards show but the need counts (sphinx-needs counts those when
        # the page is written, and writes it again when the needs change)
        return [_figures(state), state.config.generated_dir]

    def render(self) -> list[nodes.Node]:
        state = self.state_
        figures = _figures(state)
        markdown = self.env.doc2path(self.docname).suffix == ".md"
        generated = "/" + state.config.generated_dir
        services_body = [
            f"**{figures['services']}** background services, {figures['registered']} registered.",
            "",
        ]
        services_body += [f"- {count} × {kind}" for kind, count in figures["by_kind"]]
        endpoints_body = [
            f"**{figures['endpoints']}** endpoints in {figures['routers']} routers.",
            "",
            f"- {figures['starting']} start or feed a service",
        ]
        if figures["api_prefix"]:
            endpoints_body.insert(2, f"- {figures['outside']} outside `{figures['api_prefix']}`")
        findings_body = [f"**{figures['findings']}** findings; open or pending review:", ""]
        for severity in SEVERITIES:
            expression = f'type == "finding" and severity == "{severity}" and status in ["open", "pending-review"]'
            findings_body.append(f"- {severity}: {_count(expression, markdown)}")
        done = _count('type == "woitem" and status == "done"', markdown)
        doing = _count('type == "woitem" and status == "in-progress"', markdown)
        total = _count('type == "woitem"', markdown)
        work_body = [f"**{done}** of {total} work-order items done, {doing} in progress."]
        cards = [
            ("Services", f"{generated}/services/index", services_body),
            ("Endpoints", f"{generated}/routers", endpoints_body),
            ("Findings", f"{generated}/findings/index", findings_body),
            ("Work orders", "/" + self.options.get("work-orders", "work-orders/index"), work_body),
        ]
        return self.parse_text_to_nodes(_cards_markup(cards, markdown))


class SchedulersDirective(ScraperskyDirective):
    """The scheduler engine: each scheduler object, its options, where it starts and stops,
    and the jobs registered on it."""

    @classmethod
    def data(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> object:
        return [
            state.catalog.schedulers,
            [(service.id, service.job_id) for service in state.catalog.services],
        ]

    def render(self) -> list[nodes.Node]:
        state = self.state_
        catalog = state.catalog
        self.depend(
            catalog.modules_by_name[scheduler.module].path for scheduler in catalog.schedulers
        )
        if not catalog.schedulers:
            return [para("No scheduler object is created at module level.")]
        result: list[nodes.Node] = []
        for scheduler in catalog.schedulers:
            rows: list[tuple[str, object]] = [
                ("Object", self.code_ref(scheduler.module, scheduler.variable)),
                ("Class", literal(scheduler.cls)),
            ]
            if scheduler.options:
                rows.append(
                    (
                        "Options",
                        bullets(
                            [
                                (literal(name), " = ", literal(value))
                                for name, value in scheduler.options.items()
                            ]
                        ),
                    )
                )
            rows.append(
                (
                    "Started in",
                    bullets(
                        [
                            (self.code_ref(step.module, step.function), f" (line {step.line})")
                            for step in scheduler.started_in
                        ]
                    )
                    if scheduler.started_in
                    else "never started",
                )
            )
            rows.append(
                (
                    "Shut down in",
                    bullets(
                        [
                            (self.code_ref(step.module, step.function), f" (line {step.line})")
                            for step in scheduler.shutdown_in
                        ]
                    )
                    if scheduler.shutdown_in
                    else "never shut down",
                )
            )
            jobs = [state.service(job) for job in scheduler.jobs]
            rows.append(
                (
                    "Jobs",
                    bullets(
                        [(self.service_link(job), f": {trigger_words(job)}") for job in jobs if job]
                    )
                    if jobs
                    else "none",
                )
            )
            result.append(fields(rows))
        return result


class RegistrationsDirective(ScraperskyDirective):
    """How each scheduled job is registered: entry point, chain, condition, job options."""

    @classmethod
    def data(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> object:
        return [
            (
                service.id,
                service.registered,
                service.registration,
                service.job_id,
                service.max_instances,
                service.coalesce,
            )
            for service in state.catalog.services
            if service.kind.startswith("apscheduler") or service.kind == "polling-loop"
        ]

    def render(self) -> list[nodes.Node]:
        state = self.state_
        rows = []
        for service in state.catalog.services:
            if not (service.kind.startswith("apscheduler") or service.kind == "polling-loop"):
                continue
            registration = service.registration
            if registration and service.registered:
                chain = " → ".join(step.function.rpartition(".")[2] for step in registration.chain)
                entry = registration.entry
            else:
                chain, entry = "nothing registers it", "–"
            rows.append(
                [
                    [self.service_link(service)],
                    literal(service.job_id or "–"),
                    entry,
                    literal(chain),
                    literal(registration.condition)
                    if registration and registration.condition
                    else "always",
                    f"{service.max_instances if service.max_instances is not None else 'default'} / "
                    f"{service.coalesce if service.coalesce is not None else 'default'}",
                ]
            )
        if not rows:
            return [para("No scheduled jobs.")]
        return [
            make_table(
                ["Service", "Job id", "Entry", "Chain", "Only when", "max_instances / coalesce"],
                rows,
                widths=[6, 4, 3, 7, 5, 4],
            )
        ]


class TransactionsDirective(ScraperskyDirective):
    """Sessions and transactions of each service: what it opens through the session
    factory, its ``begin()`` blocks and any explicit ``commit()``."""

    @classmethod
    def data(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> object:
        return [
            (service.id, service.sessions, service.transactions, service.commits)
            for service in state.catalog.services
        ]

    def render(self) -> list[nodes.Node]:
        rows = []
        for service in self.state_.catalog.services:
            sessions = [self.code_ref(*session.split(":", 1)) for session in service.sessions]
            rows.append(
                [
                    [self.service_link(service)],
                    kind_title(service.kind),
                    joined(sessions) if sessions else "none found",
                    str(service.transactions),
                    str(service.commits),
                ]
            )
        if not rows:
            return [para("No background services.")]
        return [
            make_table(
                [
                    "Service",
                    "Kind",
                    "Sessions from the factory",
                    "begin() blocks",
                    "commit() calls",
                ],
                rows,
                widths=[6, 4, 6, 2, 2],
            )
        ]


class UnusedModulesDirective(ScraperskyDirective):
    """Modules nothing reachable imports: the archived-code candidates, with their review state."""

    @classmethod
    def data(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> object:
        catalog = state.catalog
        return [
            [(module.name, module.path, module.reachable) for module in catalog.modules],
            [
                (finding.id, finding.module, state.status(finding.id))
                for finding in catalog.findings
                if finding.rule == "MOD1"
            ],
        ]

    def render(self) -> list[nodes.Node]:
        state = self.state_
        catalog = state.catalog
        mod1 = {finding.module: finding for finding in catalog.findings if finding.rule == "MOD1"}
        rows = []
        for module in catalog.modules:
            if module.reachable:
                continue
            finding = mod1.get(module.name)
            entry = state.triage.entries.get(finding.id) if finding else None
            rows.append(
                [
                    literal(module.name),
                    literal(module.path),
                    self.need_ref(finding.id) if finding else "not flagged (empty package)",
                    state.status(finding.id) if finding else "–",
                    entry.reason if entry and entry.reason else "",
                ]
            )
        entries = ", ".join(catalog.entry_points) or "every module"
        intro = para(
            f"{len(rows)} of {len(catalog.modules)} modules are not reached from the entry points ({entries}). "
            "None is removed before a person has reviewed it."
        )
        if not rows:
            return [intro]
        return [
            intro,
            make_table(
                ["Module", "File", "Finding", "Review", "Reason"], rows, widths=[4, 4, 2, 2, 4]
            ),
        ]


class CommandLineReference(ScraperskyDirective):
    """The command line's usage and options, from its argument parser."""

    def render(self) -> list[nodes.Node]:
        from ...cli import _parser, subcommands

        result: list[nodes.Node] = []
        for name, sub in subcommands(_parser()).items():
            usage = sub.format_usage().strip().replace("usage: ", "")
            section = nodes.section(ids=[nodes.make_id(f"cli-{name}")])
            section += nodes.title(name, "", nodes.literal(name, name))
            self.state.document.note_implicit_target(section, section)
            section += para(sub.description or "")
            section += nodes.literal_block(usage, usage, language="text")
            rows = []
            for action in sub._actions:
                if action.dest == "help":
                    continue
                flags = ", ".join(action.option_strings) or action.metavar or action.dest
                rows.append([literal(flags), action.help or ""])
            section += make_table(["Argument", "Meaning"], rows, widths=[3, 7])
            result.append(section)
        return result
