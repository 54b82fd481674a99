"""The two hand-kept files: services metadata (outcomes) and triage decisions.

Both are TOML. Problems in them are returned as diagnostics with the line they are on,
never raised, so one bad entry does not hide the rest.

``services.toml``::

    [services."app.services.reports.send_daily_report"]
    outcome = "Every customer gets yesterday's figures by 7 a.m."
    workflow = "WF-REPORTS"
    owner = "data-team"

A key may be a service id, a job id, a ``module.function`` or a module name.

``triage.toml``::

    [findings."DB2-0123ABCD"]
    decision = "planned"          # open | accepted | false-positive | fixed | planned
    reason = "Moved to the ORM in the raw-SQL work order."
    reviewer = "jane"
    date = 2026-11-20
    fingerprint = "3f9a1c0b7d2e"  # of the code the decision was made against
    workitem = "WOI-RAWSQL-01"    # required for planned
"""

from __future__ import annotations

import datetime as dt
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalog import Catalog
from .records import Diagnostic, Finding

#: ``open``: known and not decided yet (a baseline entry): shown as open, but not new, so it
#: does not fail the build.
DECISIONS = ("open", "accepted", "false-positive", "fixed", "planned")
METADATA_FIELDS = ("outcome", "workflow", "owner")
#: What a work-order item's id (a need id) may be.
NEED_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,99}")
TRIAGE_FIELDS = ("decision", "reason", "reviewer", "date", "fingerprint", "workitem")

#: Status of a finding that nobody has triaged; MOD1 candidates wait for a person.
OPEN = "open"
PENDING_REVIEW = "pending-review"


def _line_of(text: str, key: str) -> int | None:
    """The line a TOML table for ``key`` starts on (for located warnings)."""
    pattern = re.compile(r'^[ \t]*\[[^\]\n]*[".]?' + re.escape(key) + r'["\]]', re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


#: Largest hand-kept data file read (outcomes, triage, the data folder's settings).
MAX_DATA_BYTES = 10_000_000


def read_data_file(path: Path) -> str | None:
    """A hand-kept TOML file's text, or None when there is no such file. Raises
    ``ValueError`` (with the reason) for what is not a regular file or too large: checked
    before reading (a FIFO would block, a device never end)."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(status.st_mode):
        raise ValueError("not a regular file (a folder, FIFO or device): not read")
    if status.st_size > MAX_DATA_BYTES:
        raise ValueError(f"too large ({status.st_size:,} bytes; the limit is {MAX_DATA_BYTES:,})")
    return path.read_text(encoding="utf-8")


def parse_toml(text: str) -> dict[str, Any]:
    """TOML, with nesting too deep for the parser (a 3,000-deep table) as a decode error."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply to read") from None


def _read(path: Path, subtype: str) -> tuple[dict[str, Any], str, list[Diagnostic]]:
    try:
        text = read_data_file(path)
        if text is None:
            return {}, "", []
        return parse_toml(text), text, []
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        if line is None:
            match = re.search(r"line (\d+)", str(error))
            line = int(match.group(1)) if match else None
        return {}, "", [Diagnostic(subtype, f"invalid TOML: {error}", str(path), line)]
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return {}, "", [Diagnostic(subtype, f"cannot read the file: {error}", str(path))]


def load_services_metadata(path: str | Path) -> tuple[dict[str, dict[str, str]], list[Diagnostic]]:
    path = Path(path)
    data, text, problems = _read(path, "metadata")
    services = data.get("services", {})
    result: dict[str, dict[str, str]] = {}
    if not isinstance(services, dict):
        return {}, [*problems, Diagnostic("metadata", "[services] must be a table", str(path))]
    for key, entry in services.items():
        if not isinstance(entry, dict):
            problems.append(
                Diagnostic("metadata", f"{key!r} must be a table", str(path), _line_of(text, key))
            )
            continue
        unknown = sorted(set(entry) - set(METADATA_FIELDS))
        if unknown:
            problems.append(
                Diagnostic(
                    "metadata",
                    f"{key!r}: unknown field(s) {', '.join(unknown)} (expected {', '.join(METADATA_FIELDS)})",
                    str(path),
                    _line_of(text, key),
                )
            )
        result[key] = {name: str(value) for name, value in entry.items() if name in METADATA_FIELDS}
    return result, problems


def unknown_metadata_keys(
    metadata: dict[str, dict[str, str]], catalog: Catalog, path: str | Path
) -> list[Diagnostic]:
    """Metadata entries that match no service (a renamed or removed service)."""
    known: set[str] = set()
    for service in catalog.services:
        known.update({service.id, f"{service.module}.{service.function}", service.module})
        if service.job_id:
            known.add(service.job_id)
    text = Path(path).read_text(encoding="utf-8") if Path(path).is_file() else ""
    return [
        Diagnostic(
            "metadata",
            f"{key!r} names no service of the documented tree (renamed or removed?)",
            str(path),
            _line_of(text, key),
        )
        for key in sorted(metadata)
        if key not in known
    ]


@dataclass(frozen=True)
class TriageEntry:
    finding: str
    decision: str
    reason: str = ""
    reviewer: str = ""
    date: str = ""
    fingerprint: str = ""
    workitem: str = ""
    line: int | None = None


@dataclass
class Triage:
    entries: dict[str, TriageEntry] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    path: str = ""


def load_triage(path: str | Path) -> Triage:
    path = Path(path)
    data, text, problems = _read(path, "triage_invalid")
    triage = Triage(problems=problems, path=str(path))
    findings = data.get("findings", {})
    if not isinstance(findings, dict):
        triage.problems.append(
            Diagnostic("triage_invalid", "[findings] must be a table", str(path))
        )
        return triage
    for finding_id, entry in findings.items():
        line = _line_of(text, finding_id)
        if not isinstance(entry, dict):
            triage.problems.append(
                Diagnostic("triage_invalid", f"{finding_id!r} must be a table", str(path), line)
            )
            continue
        decision = entry.get("decision")
        if decision not in DECISIONS:
            triage.problems.append(
                Diagnostic(
                    "triage_invalid",
                    f"{finding_id}: decision must be one of {', '.join(DECISIONS)}, got {decision!r}",
                    str(path),
                    line,
                )
            )
            continue
        if decision == "planned" and not entry.get("workitem"):
            triage.problems.append(
                Diagnostic(
                    "triage_invalid",
                    f"{finding_id}: a planned decision needs a workitem",
                    str(path),
                    line,
                )
            )
        workitem = str(entry.get("workitem", ""))
        if workitem and not NEED_ID.fullmatch(workitem):
            triage.problems.append(
                Diagnostic(
                    "triage_invalid",
                    f"{finding_id}: workitem must be the id of a work-order item (letters, "
                    f"digits, - and _, like WOI-RAWSQL-01), got {workitem!r}",
                    str(path),
                    line,
                )
            )
            workitem = ""
        date = entry.get("date", "")
        if isinstance(date, (dt.date, dt.datetime)):
            date = date.isoformat()
        triage.entries[finding_id] = TriageEntry(
            finding_id,
            decision,
            str(entry.get("reason", "")),
            str(entry.get("reviewer", "")),
            str(date),
            str(entry.get("fingerprint", "")),
            workitem,
            line,
        )
    return triage


@dataclass(frozen=True)
class TriageResult:
    status: dict[str, str]
    """Finding id -> ``open``, ``pending-review`` or the decision."""
    stale: list[TriageEntry]
    """Decisions about findings that no longer exist."""
    suspect: list[tuple[TriageEntry, Finding]]
    """Decisions whose fingerprint no longer matches the code."""
    recorded: frozenset[str] = frozenset()
    """Findings the triage file has an entry for (``open`` ones included)."""


def apply_triage(catalog: Catalog, triage: Triage) -> TriageResult:
    status: dict[str, str] = {}
    suspect: list[tuple[TriageEntry, Finding]] = []
    for finding in catalog.findings:
        entry = triage.entries.get(finding.id)
        if entry is None or entry.decision == OPEN:
            status[finding.id] = PENDING_REVIEW if finding.rule == "MOD1" else OPEN
            if entry is None:
                continue
        else:
            status[finding.id] = entry.decision
        if entry.fingerprint and entry.fingerprint != finding.fingerprint:
            suspect.append((entry, finding))
    stale = [
        entry
        for finding_id, entry in sorted(triage.entries.items())
        if finding_id not in catalog.findings_by_id
    ]
    recorded = frozenset(finding_id for finding_id in triage.entries if finding_id in status)
    return TriageResult(status, stale, suspect, recorded)


def untriaged_at_or_above(catalog: Catalog, result: TriageResult, severity: str) -> list[Finding]:
    from .rules import SEVERITIES

    if severity not in SEVERITIES:
        return []
    threshold = SEVERITIES.index(severity)
    return [
        finding
        for finding in catalog.findings
        if SEVERITIES.index(finding.severity) <= threshold
        and finding.id not in result.recorded
        and result.status.get(finding.id) in (OPEN, PENDING_REVIEW)
    ]
