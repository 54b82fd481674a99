"""``python -m scrapersky_services init``: a first data folder for a backend.

Reads the tree once (statically, like every run) and writes what its maintainers would
otherwise type by hand before the first ``-W`` build can pass:

- ``scrapersky.toml``: the detected package, entry points, API prefix (the prefix most
  mounted endpoints share) and session-factory module, and a drift gate that fails the build
  on any new finding;
- ``services.toml``: an outcome for every service that has none, taken from its docstring
  where it has one, each marked ``(to review)``;
- ``triage.toml``: every current finding recorded as ``open``: the baseline, so that the
  build fails on new findings only.

Existing files are never overwritten without ``--force``. This module imports nothing from
Sphinx.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .analysis import AnalysisOptions, analyse
from .analysis.catalog import Catalog
from .analysis.parse.discovery import detect_layout
from .analysis.rules import select_rules
from .data_folder import CONFIG_FILE, SERVICES_FILE, TRIAGE_FILE

TO_REVIEW = "(to review)"
#: A session-factory module name that matches nothing: DB1 then reports every engine.
_NO_MODULE = "\x00"
#: Most path segments an API prefix is made of (``/api/v3``).
MAX_PREFIX_SEGMENTS = 2


class InitError(Exception):
    """The data folder cannot be written (files exist, the output is not a folder...)."""


@dataclass
class InitReport:
    folder: Path
    written: list[Path] = field(default_factory=list)
    package: str = ""
    entry_points: tuple[str, ...] = ()
    api_prefix: str = ""
    session_modules: tuple[str, ...] = ()
    services: int = 0
    outcomes_from_docstrings: int = 0
    findings: int = 0


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escaping is valid TOML for a one-line string)."""
    return json.dumps(text.encode("utf-8", "replace").decode("utf-8"), ensure_ascii=False)


def _toml_list(items: Iterable[str]) -> str:
    return "[" + ", ".join(_toml_string(item) for item in items) + "]"


def common_prefix(paths: Iterable[str]) -> str:
    """The longest prefix of at most two segments that most paths share, or ``""``.

    ``/api/v3/domains/{id}`` and ``/api/v3/jobs`` share ``/api/v3``; a prefix must hold
    more than half of the paths and no path parameter.
    """
    paths = [path for path in paths if path.startswith("/")]
    if not paths:
        return ""
    counts: Counter[str] = Counter()
    for path in paths:
        segments = [segment for segment in path.split("/") if segment]
        for size in range(1, min(MAX_PREFIX_SEGMENTS, len(segments) - 1) + 1):
            head = segments[:size]
            if any("{" in segment for segment in head):
                break
            counts["/" + "/".join(head)] += 1
    majority = [prefix for prefix, count in counts.items() if count * 2 > len(paths)]
    return max(majority, key=lambda prefix: (prefix.count("/"), prefix), default="")


def _short(module: str, package: str) -> str:
    """A module's name without the package prefix (how the config names modules)."""
    return module.removeprefix(package + ".") if package else module


def detect_session_modules(catalog: Catalog) -> tuple[str, ...]:
    """The module that creates most engines and sessions (ties: a name with "session")."""
    sites = Counter(finding.module for finding in catalog.findings if finding.rule == "DB1")
    if not sites:
        return ()
    best = max(sites, key=lambda module: (sites[module], "session" in module, module))
    return (_short(best, catalog.package),)


#: Package names that say nothing about the backend: its folder names it better.
GENERIC_PACKAGES = frozenset({"", "src", "app", "api", "backend", "server"})


def _backend_name(package: str, source_root: Path) -> str:
    if package not in GENERIC_PACKAGES:
        return package
    root = source_root.parent if source_root.name in GENERIC_PACKAGES else source_root
    return root.name


def _first_sentence(docstring: str) -> str:
    paragraph = " ".join(docstring.strip().split("\n\n", 1)[0].split())
    return paragraph


def outcome_stub(service) -> tuple[str, bool]:
    """An outcome to review, and whether it came from a docstring."""
    summary = _first_sentence(service.docstring or "")
    if summary:
        return f"{TO_REVIEW} {summary}", True
    function = service.function.rpartition(".")[2]
    return (
        f"{TO_REVIEW} What does {function} achieve for the business, and who notices when "
        "it stops?",
        False,
    )


def init_data_folder(
    src_root: str,
    output: str,
    package: str = "",
    force: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    today: dt.date | None = None,
) -> InitReport:
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} exists and is not a folder")
    targets = [folder / name for name in (CONFIG_FILE, SERVICES_FILE, TRIAGE_FILE)]
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        names = ", ".join(str(path) for path in existing)
        raise InitError(f"{names} already exist(s); pass --force to overwrite")

    layout = detect_layout(src_root, package)
    probe = analyse(
        AnalysisOptions(
            str(layout.source_root),
            package=layout.package,
            session_factory_modules=(_NO_MODULE,),
            rules=("DB1",),
        ),
        progress,
    )
    mounted = [endpoint.path for endpoint in probe.endpoints if endpoint.mounted]
    api_prefix = common_prefix(mounted)
    session_modules = detect_session_modules(probe)
    rules, _ = select_rules((), api_prefix, session_modules)
    stubs = {service.id: outcome_stub(service) for service in probe.services if not service.outcome}
    catalog = analyse(
        AnalysisOptions(
            str(layout.source_root),
            package=layout.package,
            api_prefix=api_prefix,
            session_factory_modules=session_modules,
            metadata={key: {"outcome": text} for key, (text, _) in stubs.items()},
            rules=rules,
        )
    )
    report = InitReport(
        folder,
        package=catalog.package,
        entry_points=catalog.entry_points,
        api_prefix=api_prefix,
        session_modules=session_modules,
        findings=len(catalog.findings),
    )
    day = (today or dt.date.today()).isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    relative_root = os.path.relpath(layout.source_root, folder.resolve())

    config_lines = [
        f"# The maintainers' data for {catalog.package or 'the backend'}: written by "
        f"`python -m scrapersky_services init` on {day}.",
        "# Paths are relative to this folder. SCRAPERSKY_<NAME> environment variables win "
        "over [config].",
        "",
        "[config]",
        f"src_root = {_toml_string(relative_root.replace(os.sep, '/'))}",
        f"package = {_toml_string(catalog.package)}",
        f"entry_points = {_toml_list(catalog.entry_points)}",
        "# the prefix most mounted endpoints share (rules API1, API2); empty: none required",
        f"api_prefix = {_toml_string(api_prefix)}",
        "# the module that creates most engines and sessions (rule DB1); empty: DB1 is off",
        f"session_factory_modules = {_toml_list(session_modules)}",
        "# the drift gate: any finding not in triage.toml fails the build",
        'fail_on = "info"',
        "",
        "[site]",
        f"title = {_toml_string(f'{_backend_name(catalog.package, layout.source_root)} background services')}",
        '# intro = """What the backend does, in the maintainers\' words (plain text)."""',
        "",
    ]
    service_lines = [
        "# Business outcome, workflow and owner of every background service.",
        f"# Written by init on {day}: every outcome marked {TO_REVIEW} is a stub (from the",
        "# service's docstring where it has one); replace it with what the service achieves.",
        "",
    ]
    for service in catalog.services:
        report.services += 1
        if service.id not in stubs:
            continue  # documented in its module docstring already
        text, from_docstring = stubs[service.id]
        report.outcomes_from_docstrings += from_docstring
        service_lines += [
            f"[services.{_toml_string(service.id)}]",
            f"outcome = {_toml_string(text)}",
            "",
        ]
    triage_lines = [
        "# Decisions on the audit's findings.",
        f"# The baseline written by init on {day}: every finding of that day is recorded as",
        "# open (known, not decided). The build fails on findings that are not in this file.",
        "",
    ]
    for finding in catalog.findings:
        triage_lines += [
            f"[findings.{_toml_string(finding.id)}]",
            'decision = "open"',
            f"reason = {_toml_string(f'baseline: {finding.rule} at {finding.path}:{finding.line}')}",
            f"date = {day}",
            f"fingerprint = {_toml_string(finding.fingerprint)}",
            "",
        ]
    for path, lines in zip(targets, (config_lines, service_lines, triage_lines), strict=True):
        path.write_text("\n".join(lines), encoding="utf-8")
        report.written.append(path)
    return report
