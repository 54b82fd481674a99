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
from .analysis.rules import SEVERITIES
from .config import ScraperskyConfig

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
            "src_root", metavar="SRC_ROOT", help="the backend checkout or its package folder"
        )
        sub.add_argument("--package", default="", help="top-level package (default: detected)")
        sub.add_argument(
            "--entry",
            action="append",
            default=[],
            metavar="MODULE",
            help="entry-point module (repeatable; default: the modules that create the FastAPI app)",
        )
        sub.add_argument(
            "--api-prefix", default=DEFAULTS.api_prefix, help="required endpoint prefix"
        )
        sub.add_argument(
            "--session-module",
            action="append",
            default=[],
            metavar="MODULE",
            help=f"session-factory module (repeatable; default: {', '.join(DEFAULTS.session_factory_modules)})",
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
        default="high",
        help="exit 1 when an untriaged finding has this severity or a higher one (default: high)",
    )
    return parser


def _options(args: argparse.Namespace) -> tuple[AnalysisOptions, list[str]]:
    warnings: list[str] = []
    metadata: dict = {}
    if args.services_file:
        metadata, problems = load_services_metadata(args.services_file)
        warnings += [_located(problem.path, problem.line, problem.message) for problem in problems]
    options = AnalysisOptions(
        source_root=args.src_root,
        package=args.package,
        entry_points=tuple(args.entry),
        api_prefix=args.api_prefix,
        session_factory_modules=tuple(args.session_module or DEFAULTS.session_factory_modules),
        metadata=metadata,
        cache_dir=None if args.no_cache else args.cache_dir,
        jobs=args.jobs,
    )
    return options, warnings


def _located(path: str | None, line: int | None, message: str) -> str:
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


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    options, warnings = _options(args)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    try:
        catalog = analyse(options, Progress(sys.stderr, args.quiet))
    except SourceRootError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for diagnostic in catalog.diagnostics:
        print(
            f"warning: {_located(diagnostic.path, diagnostic.line, diagnostic.message)}",
            file=sys.stderr,
        )

    if args.command in ("analyse", "analyze"):
        text = catalog.to_json() if args.format == "json" else _table(catalog)
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0

    triage = load_triage(args.triage) if args.triage else None
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
    for finding in catalog.findings:
        status = result.status[finding.id]
        print(
            f"{finding.id:<15} {finding.severity:<7} {status:<15} {finding.path}:{finding.line}  {finding.message}"
        )
    if args.fail_on == "none":
        return 0
    failing = untriaged_at_or_above(catalog, result, args.fail_on)
    if failing:
        print(f"{len(failing)} untriaged finding(s) at or above {args.fail_on}", file=sys.stderr)
        return 1
    return 0
