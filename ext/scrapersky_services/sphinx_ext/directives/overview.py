"""Directives for the overview pages: landing cards, scheduler engine, registrations,
transactions, archived-code candidates and the command-line reference."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ...analysis.records import Scheduler
from ...analysis.rules import SEVERITIES
from ...analysis.services import kind_of
from ...render.words import kind_title, trigger_words
from ..build import BuildState
from ..tables import make_table
from .base import (
    ServiceLink,
    StaticDirective,
    ViewDirective,
    api_pages,
    bullets,
    fields,
    joined,
    literal,
    para,
)


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


@dataclass(frozen=True)
class SummaryView:
    """Every figure the cards show but the need counts (sphinx-needs counts those when the
    page is written, and writes it again when the needs change), and the generated folder
    the cards link to."""

    figures: dict[str, object]
    generated_dir: str


class SummaryDirective(ViewDirective[SummaryView]):
    """Cards with live figures: services by kind, endpoints, open findings by severity,
    work-order progress; each card links to its section."""

    option_spec: ClassVar = {"work-orders": directives.unchanged}
    option_help: ClassVar = {
        "work-orders": "document the progress card links to (default: ``work-orders/index``)"
    }

    @classmethod
    def view(
        cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]
    ) -> SummaryView:
        return SummaryView(_figures(state), state.config.generated_dir)

    def render_view(self, view: SummaryView) -> list[nodes.Node]:
        figures = view.figures
        markdown = self.env.doc2path(self.docname).suffix == ".md"
        generated = "/" + view.generated_dir
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


@dataclass(frozen=True)
class SchedulerView:
    """One scheduler object, the file it is created in and its jobs' links and triggers."""

    scheduler: Scheduler
    path: str
    jobs: tuple[tuple[ServiceLink, str], ...]
    api: dict[str, str | None]
    """The API page of each module the object and its start/stop calls are in."""


class SchedulersDirective(ViewDirective):
    """The scheduler engine: each scheduler object, its options, where it starts and stops,
    and the jobs registered on it."""

    @classmethod
    def view(
        cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]
    ) -> tuple[SchedulerView, ...]:
        catalog = state.catalog
        views = []
        for scheduler in catalog.schedulers:
            jobs = [state.service(job) for job in scheduler.jobs]
            views.append(
                SchedulerView(
                    scheduler,
                    catalog.modules_by_name[scheduler.module].path,
                    tuple((ServiceLink.of(state, job), trigger_words(job)) for job in jobs if job),
                    api_pages(
                        state,
                        [
                            scheduler.module,
                            *(step.module for step in scheduler.started_in),
                            *(step.module for step in scheduler.shutdown_in),
                        ],
                    ),
                )
            )
        return tuple(views)

    def render_view(self, view: tuple[SchedulerView, ...]) -> list[nodes.Node]:
        self.depend(shown.path for shown in view)
        if not view:
            return [para("No scheduler object is created at module level.")]
        result: list[nodes.Node] = []
        for shown in view:
            scheduler = shown.scheduler
            rows: list[tuple[str, object]] = [
                ("Object", self.code_ref(scheduler.module, scheduler.variable, shown.api)),
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
                    bullets(self.step_items(scheduler.started_in, shown.api))
                    if scheduler.started_in
                    else "never started",
                )
            )
            rows.append(
                (
                    "Shut down in",
                    bullets(self.step_items(scheduler.shutdown_in, shown.api))
                    if scheduler.shutdown_in
                    else "never shut down",
                )
            )
            rows.append(
                (
                    "Jobs",
                    bullets([(self.link(job), f": {trigger}") for job, trigger in shown.jobs])
                    if scheduler.jobs
                    else "none",
                )
            )
            result.append(fields(rows))
        return result


@dataclass(frozen=True)
class RegistrationRow:
    """How one scheduled job is registered, as the table shows it."""

    service: ServiceLink
    job_id: str | None
    entry: str
    chain: str
    condition: str | None
    max_instances: int | None
    coalesce: bool | None


class RegistrationsDirective(ViewDirective):
    """How each scheduled job is registered: entry point, chain, condition, job options."""

    @classmethod
    def view(
        cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]
    ) -> tuple[RegistrationRow, ...]:
        rows = []
        for service in state.catalog.services:
            if kind_of(service.kind).spawned:
                continue
            registration = service.registration
            if registration and service.registered:
                chain = " → ".join(step.function.rpartition(".")[2] for step in registration.chain)
                entry = registration.entry
            else:
                chain, entry = "nothing registers it", "–"
            rows.append(
                RegistrationRow(
                    ServiceLink.of(state, service),
                    service.job_id,
                    entry,
                    chain,
                    registration.condition if registration else None,
                    service.max_instances,
                    service.coalesce,
                )
            )
        return tuple(rows)

    def render_view(self, view: tuple[RegistrationRow, ...]) -> list[nodes.Node]:
        rows = [
            [
                [self.link(row.service)],
                literal(row.job_id or "–"),
                row.entry,
                literal(row.chain),
                literal(row.condition) if row.condition else "always",
                f"{row.max_instances if row.max_instances is not None else 'default'} / "
                f"{row.coalesce if row.coalesce is not None else 'default'}",
            ]
            for row in view
        ]
        if not rows:
            return [para("No scheduled jobs.")]
        return [
            make_table(
                ["Service", "Job id", "Entry", "Chain", "Only when", "max_instances / coalesce"],
                rows,
                widths=[6, 4, 3, 7, 5, 4],
            )
        ]


@dataclass(frozen=True)
class TransactionRow:
    """One service's sessions (``module:function`` of each), ``begin()`` blocks and commits."""

    service: ServiceLink
    kind: str
    sessions: tuple[str, ...]
    transactions: int
    commits: int
    api: dict[str, str | None]
    """The API page of each session factory's module."""


class TransactionsDirective(ViewDirective):
    """Sessions and transactions of each service: what it opens through the session
    factory, its ``begin()`` blocks and any explicit ``commit()``."""

    @classmethod
    def view(
        cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]
    ) -> tuple[TransactionRow, ...]:
        return tuple(
            TransactionRow(
                ServiceLink.of(state, service),
                kind_title(service.kind),
                tuple(service.sessions),
                service.transactions,
                service.commits,
                api_pages(state, [session.split(":", 1)[0] for session in service.sessions]),
            )
            for service in state.catalog.services
        )

    def render_view(self, view: tuple[TransactionRow, ...]) -> list[nodes.Node]:
        rows = []
        for row in view:
            sessions = [self.code_ref(*session.split(":", 1), row.api) for session in row.sessions]
            rows.append(
                [
                    [self.link(row.service)],
                    row.kind,
                    joined(sessions) if sessions else "none found",
                    str(row.transactions),
                    str(row.commits),
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


@dataclass(frozen=True)
class UnusedModule:
    """A module nothing reachable imports, with its MOD1 finding and review when flagged."""

    name: str
    path: str
    finding: str | None
    status: str | None
    reason: str | None


@dataclass(frozen=True)
class UnusedView:
    unused: tuple[UnusedModule, ...]
    modules: int
    entry_points: tuple[str, ...]


class UnusedModulesDirective(ViewDirective[UnusedView]):
    """Modules nothing reachable imports: the archived-code candidates, with their review state."""

    @classmethod
    def view(
        cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]
    ) -> UnusedView:
        catalog = state.catalog
        mod1 = {finding.module: finding for finding in catalog.findings if finding.rule == "MOD1"}
        unused = []
        for module in catalog.modules:
            if module.reachable:
                continue
            finding = mod1.get(module.name)
            entry = state.triage.entries.get(finding.id) if finding else None
            unused.append(
                UnusedModule(
                    module.name,
                    module.path,
                    finding.id if finding else None,
                    state.status(finding.id) if finding else None,
                    entry.reason if entry else None,
                )
            )
        return UnusedView(tuple(unused), len(catalog.modules), tuple(catalog.entry_points))

    def render_view(self, view: UnusedView) -> list[nodes.Node]:
        rows = [
            [
                literal(module.name),
                literal(module.path),
                self.need_ref(module.finding) if module.finding else "not flagged (empty package)",
                module.status if module.finding else "–",
                module.reason or "",
            ]
            for module in view.unused
        ]
        entries = ", ".join(view.entry_points) or "every module"
        intro = para(
            f"{len(rows)} of {view.modules} modules are not reached from the entry points ({entries}). "
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


class CommandLineReference(StaticDirective):
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
