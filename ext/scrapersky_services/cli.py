"""The same analysis for CI, without Sphinx: ``python -m scrapersky_services``.

``analyse`` writes the catalog (JSON or a table); ``audit`` prints the findings and exits 1
when one at or above ``--fail-on`` is not triaged. Progress goes to stderr on long runs.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .analysis import AnalysisOptions, Catalog, SourceRootError, analyse
from .analysis.metadata import (
    Triage,
    apply_triage,
    load_services_metadata,
    load_triage,
    untriaged_at_or_above,
)
from .analysis.records import NOTE
from .analysis.rules import SEVERITIES, select_rules
from .config import ScraperskyConfig, field_default, from_environment
from .data_folder import load_data_folder
from .warnings_ import printable

DEFAULTS = ScraperskyConfig()


def _cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "scrapersky_services")


class Progress:
    """Progress on stderr, only for runs long enough to need it."""

    def __init__(self, stream: TextIO, quiet: bool) -> None:
        self.stream = stream
        self.quiet = quiet
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet or (not self.shown and time.monotonic() - self.started < 1.0):
            return
        self.shown = True
        if total > 1:
            self.stream.write(f"scrapersky: {stage} {done}/{total} files\n")
        else:
            self.stream.write(f"scrapersky: {stage}...\n")
        self.stream.flush()


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommand parsers by name (aliases left out), for the reference page."""
    for action in parser._actions:  # argparse has no public way to list them
        if isinstance(action, argparse._SubParsersAction):
            seen: dict[int, str] = {}
            for name, sub in action.choices.items():
                seen.setdefault(id(sub), name)
            return {name: action.choices[name] for name in seen.values()}
    return {}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scrapersky_services",
        description="Find the background services of a FastAPI/SQLAlchemy/APScheduler backend, "
        "statically (nothing is imported or run).",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "src_root",
            metavar="SRC_ROOT",
            nargs="?",
            help="the backend checkout or its package folder (default: SCRAPERSKY_SRC, or "
            "src_root in the data folder)",
        )
        sub.add_argument(
            "--data",
            metavar="DIR",
            help="the backend's data folder (scrapersky.toml, services.toml, triage.toml); "
            "default: SCRAPERSKY_DATA",
        )
        sub.add_argument("--package", help="top-level package (default: detected)")
        sub.add_argument(
            "--entry",
            action="append",
            metavar="MODULE",
            help="entry-point module (repeatable; default: the modules that create the FastAPI app)",
        )
        sub.add_argument(
            "--api-prefix", help="required endpoint prefix (rules API1, API2; default: none)"
        )
        sub.add_argument(
            "--session-module",
            action="append",
            metavar="MODULE",
            help="session-factory module (repeatable; rule DB1; default: none)",
        )
        sub.add_argument(
            "--rules",
            metavar="CODES",
            help="comma-separated rule codes to run (default: the rules for any backend)",
        )
        sub.add_argument("--services-file", help="services metadata TOML (business outcomes)")
        sub.add_argument("--cache-dir", default=_cache_dir(), help="where parsed files are cached")
        sub.add_argument("--no-cache", action="store_true", help="parse everything, write no cache")
        sub.add_argument(
            "-j", "--jobs", type=int, default=0, help="parsing processes (0: automatic)"
        )
        sub.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")

    analyse_parser = commands.add_parser(
        "analyse",
        aliases=["analyze"],
        help="write the catalog",
        description="Analyse the tree and write the catalog: JSON (default) or a table.",
    )
    common(analyse_parser)
    analyse_parser.add_argument("--format", choices=("json", "table"), default="json")
    analyse_parser.add_argument("-o", "--output", help="write to this file instead of stdout")

    audit_parser = commands.add_parser(
        "audit",
        help="print the findings; exit 1 on untriaged ones",
        description="Print every finding with its triage state; exit 1 when one at or above "
        "--fail-on has no decision.",
    )
    common(audit_parser)
    audit_parser.add_argument("--triage", help="triage TOML (decisions on findings)")
    audit_parser.add_argument(
        "--fail-on",
        choices=(*SEVERITIES, "none"),
        help="exit 1 when an untriaged finding has this severity or a higher one (default: "
        "the data folder's fail_on, else high)",
    )
    audit_parser.add_argument(
        "--baseline",
        metavar="TOML",
        help="a triage file of known findings (as init writes): only findings not in it fail",
    )

    init_parser = commands.add_parser(
        "init",
        help="write a first data folder for a backend",
        description="Write a data folder for a backend: scrapersky.toml with the detected "
        "package, entry points, API prefix and session-factory module; services.toml with an "
        "outcome to review for every service; triage.toml recording every current finding as "
        "open (the baseline). Existing files are kept unless --force.",
    )
    init_parser.add_argument(
        "src_root", metavar="SRC_ROOT", help="the backend checkout or its package folder"
    )
    init_parser.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="the folder to write"
    )
    init_parser.add_argument("--package", default="", help="top-level package (default: detected)")
    init_parser.add_argument("--force", action="store_true", help="overwrite existing files")
    init_parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    return parser


def _settings(args: argparse.Namespace) -> tuple[dict, list[str]]:
    """The values in effect: the flags, then ``SCRAPERSKY_*`` variables, then the data
    folder, then the defaults (as the Sphinx build has them)."""
    import dataclasses as dc

    warnings: list[str] = []
    values = {field.name: field_default(field) for field in dc.fields(ScraperskyConfig)}
    environment, problems = from_environment(dict(os.environ), os.getcwd())
    warnings += [f"{variable} {problem}; ignored" for variable, problem in problems]
    data = load_data_folder(args.data or environment.get("data_dir") or None)
    warnings += [_located(item.path, item.line, item.message) for item in data.problems]
    values.update(data.config)
    values.update(environment)
    for name, path in data.file_values().items():
        values[name] = values[name] or path
    flags = {
        "src_root": args.src_root,
        "package": args.package,
        "entry_points": args.entry,
        "api_prefix": args.api_prefix,
        "session_factory_modules": args.session_module,
        "services_file": args.services_file,
        "rules": args.rules.split(",") if args.rules else None,
        "triage_file": getattr(args, "triage", None),
        "fail_on": getattr(args, "fail_on", None),
    }
    values.update({name: value for name, value in flags.items() if value is not None})
    if (
        getattr(args, "fail_on", None) is None
        and "fail_on" not in data.config
        and "fail_on" not in environment
    ):
        values["fail_on"] = "high"
    return values, warnings


def _options(args: argparse.Namespace) -> tuple[AnalysisOptions, dict, list[str]]:
    values, warnings = _settings(args)
    metadata: dict = {}
    if values["services_file"]:
        metadata, problems = load_services_metadata(values["services_file"])
        warnings += [_located(problem.path, problem.line, problem.message) for problem in problems]
    rules, unknown = select_rules(
        values["rules"], values["api_prefix"], values["session_factory_modules"]
    )
    warnings += [f"no rule {code!r}; ignored" for code in unknown]
    options = AnalysisOptions(
        source_root=values["src_root"],
        package=values["package"],
        entry_points=tuple(values["entry_points"]),
        api_prefix=values["api_prefix"],
        session_factory_modules=tuple(values["session_factory_modules"]),
        metadata=metadata,
        cache_dir=None if args.no_cache else args.cache_dir,
        jobs=args.jobs,
        rules=rules,
    )
    return options, values, warnings


def _located(path: str | None, line: int | None, message: str) -> str:
    path, message = printable(path or ""), printable(message)
    if path and line:
        return f"{path}:{line}: {message}"
    if path:
        return f"{path}: {message}"
    return message


def _table(catalog: Catalog) -> str:
    lines = [
        f"{len(catalog.modules)} modules, {len(catalog.endpoints)} endpoints, {len(catalog.services)} services"
    ]
    lines.append("")
    width = max((len(service.id) for service in catalog.services), default=10)
    lines.append(f"{'SERVICE':<{width}}  {'KIND':<20}  {'REGISTERED':<10}  TRIGGER")
    for service in catalog.services:
        trigger = service.trigger
        if trigger.every_seconds:
            when = f"every {trigger.every_seconds:g}s"
        elif trigger.cron:
            when = "cron " + " ".join(f"{key}={value}" for key, value in trigger.cron.items())
        else:
            when = trigger.expression or trigger.type
        registered = "yes" if service.registered else "no"
        lines.append(f"{service.id:<{width}}  {service.kind:<20}  {registered:<10}  {when}")
    lines.append("")
    lines.append(f"{len(catalog.findings)} findings")
    for finding in catalog.findings:
        lines.append(
            f"{finding.id:<15} {finding.severity:<7} {finding.path}:{finding.line}  {finding.message}"
        )
    return "\n".join(lines) + "\n"


def _init(args: argparse.Namespace) -> int:
    from .init import InitError, init_data_folder

    try:
        report = init_data_folder(
            args.src_root,
            args.output,
            package=args.package,
            force=args.force,
            progress=Progress(sys.stderr, args.quiet),
        )
    except (InitError, SourceRootError) as error:
        print(f"error: {printable(str(error))}", file=sys.stderr)
        return 2
    print(f"wrote {', '.join(str(path) for path in report.written)}")
    print(
        f"package {report.package or '(none)'}; entry points: {', '.join(report.entry_points) or '(none)'}"
    )
    print(f"API prefix: {report.api_prefix or '(none found: rules API1, API2 off)'}")
    print(
        f"session-factory modules: {', '.join(report.session_modules) or '(none found: rule DB1 off)'}"
    )
    print(
        f"{report.services} services ({report.outcomes_from_docstrings} outcomes from "
        f"docstrings, all marked to review); {report.findings} findings recorded as open"
    )
    print(
        f"next: SCRAPERSKY_SRC={args.src_root} SCRAPERSKY_DATA={args.output} python3 -m nox -s docs"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "init":
        return _init(args)
    options, values, warnings = _options(args)
    for warning in warnings:
        print(f"warning: {printable(warning)}", file=sys.stderr)
    if not options.source_root:
        print(
            "error: no source root: give SRC_ROOT, SCRAPERSKY_SRC or a data folder with src_root",
            file=sys.stderr,
        )
        return 2
    try:
        catalog = analyse(options, Progress(sys.stderr, args.quiet))
    except SourceRootError as error:
        print(f"error: {printable(str(error))}", file=sys.stderr)
        return 2
    for diagnostic in catalog.diagnostics:
        print(
            f"{'note' if diagnostic.subtype == NOTE else 'warning'}: "
            f"{_located(diagnostic.path, diagnostic.line, diagnostic.message)}",
            file=sys.stderr,
        )

    if args.command in ("analyse", "analyze"):
        text = catalog.to_json() if args.format == "json" else _table(catalog)
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0

    triage_file = values["triage_file"]
    triage = load_triage(triage_file) if triage_file else None
    for problem in triage.problems if triage else ():
        print(f"warning: {_located(problem.path, problem.line, problem.message)}", file=sys.stderr)
    triage = triage or Triage()
    result = apply_triage(catalog, triage)
    for entry in result.stale:
        print(
            f"warning: {_located(triage.path, entry.line, f'stale triage: {entry.finding} no longer exists')}",
            file=sys.stderr,
        )
    for entry, finding in result.suspect:
        print(
            f"warning: {_located(triage.path, entry.line, f'suspect triage: the code of {finding.id} changed since it was triaged')}",
            file=sys.stderr,
        )
    known: set[str] = set()
    if args.baseline:
        baseline = load_triage(args.baseline)
        for problem in baseline.problems:
            print(
                f"warning: {_located(problem.path, problem.line, problem.message)}", file=sys.stderr
            )
        known = set(baseline.entries)
    for finding in catalog.findings:
        status = result.status[finding.id]
        print(
            f"{finding.id:<15} {finding.severity:<7} {status:<15} {finding.path}:{finding.line}  {finding.message}"
        )
    fail_on = values["fail_on"]
    if fail_on == "none":
        return 0
    failing = [
        finding
        for finding in untriaged_at_or_above(catalog, result, fail_on)
        if finding.id not in known
    ]
    if failing:
        where = triage_file or "a triage file (--triage)"
        print(
            f"{len(failing)} untriaged finding(s) at or above {fail_on}: record a decision for "
            f'each in {where}, e.g. [findings."{failing[0].id}"] decision = "open"',
            file=sys.stderr,
        )
        return 1
    return 0
