"""Directives about findings and mandates: finding tables and needs, counts, the
mandates as needs and the rules reference.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ...analysis.metadata import TriageEntry
from ...analysis.records import Finding
from ...analysis.rules import RULES, SEVERITIES
from ...analysis.rules.base import Mandate
from ..build import BuildState
from ..needs import need_fields
from ..tables import inline_text, make_table
from .base import (
    ScraperskyDirective,
    StaticDirective,
    ViewDirective,
    bullets,
    doc_link,
    fields,
    literal,
    location,
    para,
)


def findings_table(
    directive: ScraperskyDirective, findings: Iterable[tuple[Finding, str]]
) -> nodes.table:
    """The findings, each with its triage state, as a table."""
    state = directive.state_
    rows = [
        [
            directive.need_ref(finding.id),
            finding.severity,
            status,
            location(state, finding.path, finding.line),
            finding.message,
        ]
        for finding, status in findings
    ]
    return make_table(
        ["Finding", "Severity", "Status", "Where", "What"], rows, widths=[4, 3, 3, 5, 8]
    )


@dataclass(frozen=True)
class FindingRow:
    """A finding with its triage state and entry, and the need ids of the services it affects."""

    finding: Finding
    status: str
    entry: TriageEntry | None
    affects: tuple[str, ...]


@dataclass(frozen=True)
class FindingsView:
    """The findings the options choose, the one rule asked for (its facts are shown), and
    the unknown service asked for (nothing else is then shown)."""

    rows: tuple[FindingRow, ...] = ()
    rule: str | None = None
    needs: bool = False
    unknown_service: str | None = None


class FindingsDirective(ViewDirective[FindingsView]):
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
    def view(
        cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]
    ) -> FindingsView:
        findings = list(state.catalog.findings)

        def chosen(option: str) -> set[str]:
            return {item.strip() for item in options.get(option, "").split(",") if item.strip()}

        if chosen("rule"):
            findings = [finding for finding in findings if finding.rule in chosen("rule")]
        if chosen("severity"):
            findings = [finding for finding in findings if finding.severity in chosen("severity")]
        if chosen("status"):
            findings = [
                finding for finding in findings if state.status(finding.id) in chosen("status")
            ]
        if "module" in options:
            findings = [finding for finding in findings if finding.module == options["module"]]
        if "service" in options:
            service = state.service(options["service"])
            if service is None:
                return FindingsView(unknown_service=options["service"])
            findings = state.catalog.findings_for_service(service)
        rules = chosen("rule")
        rule = next(iter(rules)) if len(rules) == 1 and next(iter(rules)) in RULES else None
        rows = tuple(
            FindingRow(
                finding,
                state.status(finding.id),
                state.triage.entries.get(finding.id),
                tuple(
                    state.need_ids[service_id]
                    for service_id in finding.services
                    if service_id in state.need_ids
                ),
            )
            for finding in findings
        )
        return FindingsView(rows, rule, "needs" in options)

    def render_view(self, view: FindingsView) -> list[nodes.Node]:
        if view.unknown_service is not None:
            return self.unknown("service", view.unknown_service)
        self.depend(row.finding.path for row in view.rows)
        result: list[nodes.Node] = []
        if view.rule is not None:
            rule = RULES[view.rule]
            result.append(
                fields(
                    [
                        ("Severity", rule.severity),
                        ("Mandate", self.need_ref(rule.mandate)),
                        ("Why it matters", inline_text(rule.rationale)),
                    ]
                )
            )
        if not view.rows:
            result.append(para("No findings."))
            return result
        if not view.needs:
            result.append(findings_table(self, [(row.finding, row.status) for row in view.rows]))
            return result
        for row in view.rows:
            result += self._need(row)
        return result

    def _need(self, shown: FindingRow) -> list[nodes.Node]:
        finding, entry, affects = shown.finding, shown.entry, list(shown.affects)
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
            status=shown.status,
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


@dataclass(frozen=True)
class RuleCount:
    """One rule that ran, with its findings and those still to triage."""

    code: str
    docname: str
    title: str
    severity: str
    findings: int
    untriaged: int


@dataclass(frozen=True)
class FindingsSummaryView:
    rules: tuple[RuleCount, ...]
    by_status: tuple[tuple[str, int], ...]


class FindingsSummaryDirective(ViewDirective[FindingsSummaryView]):
    """Counts of findings by rule and severity, and by triage state."""

    @classmethod
    def view(
        cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]
    ) -> FindingsSummaryView:
        catalog = state.catalog
        counts: dict[str, dict[str, int]] = {}
        for finding in catalog.findings:
            counts.setdefault(finding.rule, dict.fromkeys(SEVERITIES, 0))[finding.severity] += 1
        rules = []
        for code, rule in catalog.applied_rules().items():
            by_severity = counts.get(code, dict.fromkeys(SEVERITIES, 0))
            rules.append(
                RuleCount(
                    code,
                    state.docname(f"findings/{code}"),
                    rule.title,
                    rule.severity,
                    sum(by_severity.values()),
                    sum(
                        1
                        for finding in catalog.findings
                        if finding.rule == code
                        and state.status(finding.id) in ("open", "pending-review")
                    ),
                )
            )
        by_status: dict[str, int] = {}
        for finding in catalog.findings:
            status = state.status(finding.id)
            by_status[status] = by_status.get(status, 0) + 1
        return FindingsSummaryView(tuple(rules), tuple(sorted(by_status.items())))

    def render_view(self, view: FindingsSummaryView) -> list[nodes.Node]:
        rows = [
            [
                [doc_link(rule.docname, literal(rule.code), self.docname)],
                rule.title,
                rule.severity,
                str(rule.findings),
                str(rule.untriaged),
            ]
            for rule in view.rules
        ]
        return [
            make_table(
                ["Rule", "What", "Severity", "Findings", "Untriaged"], rows, widths=[2, 7, 2, 2, 2]
            ),
            make_table(
                ["Triage state", "Findings"],
                [[literal(status), str(count)] for status, count in view.by_status],
            ),
        ]


@dataclass(frozen=True)
class MandatesView:
    """The mandates, whether they are defined as needs, and then the findings violating
    each: sphinx-needs lists them ("violated by") when the page is written, so the page
    must be written again when that list changes."""

    mandates: tuple[Mandate, ...]
    needs: bool
    violations: tuple[tuple[str, str], ...] = ()


class MandatesDirective(ViewDirective[MandatesView]):
    """The architectural mandates as needs (their ids are what findings link to)."""

    option_spec: ClassVar = {"no-needs": directives.flag}
    option_help: ClassVar = {"no-needs": "list them without defining the needs"}

    @classmethod
    def view(
        cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]
    ) -> MandatesView:
        mandates = tuple(state.mandates)
        if "no-needs" in options:
            return MandatesView(mandates, needs=False)
        violations = sorted((finding.mandate, finding.id) for finding in state.catalog.findings)
        return MandatesView(mandates, True, tuple(violations))

    def render_view(self, view: MandatesView) -> list[nodes.Node]:
        if not view.needs:
            return [
                bullets(
                    [(nodes.strong(m.title, m.title), f": {m.statement}") for m in view.mandates]
                )
            ]
        result: list[nodes.Node] = [
            bullets(
                [
                    (*self.need_ref(mandate.id), f": {mandate.statement}")
                    for mandate in view.mandates
                ]
            )
        ]
        for mandate in view.mandates:
            result += self.make_need(
                "mandate",
                mandate.title,
                id=mandate.id,
                status="active",
                content=f"{mandate.statement}\n\n*Why:* {mandate.rationale}",
            )
        return result


class RulesReference(StaticDirective):
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
