"""``builder-inited``: analyse the backend, report, and write the generated pages.

Runs once per build in the main process (before any document is read, and before
parallel readers fork), so every reader sees the same catalog. Pages and artifacts are
written only when their text changed, and pages of services that disappeared are deleted,
so an unchanged backend makes Sphinx re-read nothing.
"""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..analysis import AnalysisOptions, SourceRootError, analyse
from ..analysis.catalog import Catalog
from ..analysis.metadata import (
    Triage,
    TriageResult,
    apply_triage,
    load_services_metadata,
    load_triage,
    unknown_metadata_keys,
    untriaged_at_or_above,
)
from ..analysis.parse.discovery import detect_layout
from ..analysis.provenance import Revision, tree_revision
from ..analysis.records import NOTE, Diagnostic, Service
from ..analysis.rules import mandates_for, select_rules
from ..analysis.rules.base import Mandate
from ..config import ScraperskyConfig
from ..data_folder import Site, load_data_folder
from ..render.artifacts import artifacts
from ..render.pages import HEADER, render_pages, service_page
from ..warnings_ import WarningSubtype, printable, warn, warning_location
from . import api_site, profile
from .api_pages import exclude_unread_files
from .config_glue import get_config, resolve_path
from .files import write_if_changed
from .needs import service_need_ids

LOGGER = logging.getLogger(__name__)
GENERATED_MARKER = HEADER.splitlines()[0]

SUBTYPES = {
    "source": WarningSubtype.SOURCE,
    "analysis": WarningSubtype.ANALYSIS,
    "config": WarningSubtype.CONFIG,
    "metadata": WarningSubtype.METADATA,
    "triage_invalid": WarningSubtype.TRIAGE_INVALID,
}


@dataclass
class BuildState:
    """What every directive of this build reads (never pickled into the environment)."""

    app: Sphinx
    config: ScraperskyConfig
    catalog: Catalog
    source_root: Path
    triage: Triage
    triage_result: TriageResult
    metadata_path: Path
    mandates: tuple[Mandate, ...] = ()
    """The mandates the applied rules check, in the data folder's words."""
    site: Site = Site()
    """The data folder's title and intro."""
    revision: Revision = Revision("")
    """The documented tree and its commit."""
    need_ids: dict[str, str] = field(default_factory=dict)
    """Service id -> its need id."""
    services_by_key: dict[str, Service] = field(default_factory=dict)
    """Service id, need id, job id or ``module.function`` -> service."""

    def service(self, key: str) -> Service | None:
        return self.services_by_key.get(key.strip())

    def docname(self, name: str) -> str:
        return f"{self.config.generated_dir}/{name}"

    def service_docname(self, service: Service) -> str:
        return self.docname(service_page(service, self.need_ids[service.id]))

    def path(self, relpath: str) -> Path:
        return self.source_root / relpath

    def status(self, finding_id: str) -> str:
        return self.triage_result.status.get(finding_id, "open")


#: The state of each live environment (parallel readers fork with it). Not an attribute of
#: the environment, which Sphinx pickles: the catalog is rebuilt, cheaply, every build.
_STATES: weakref.WeakKeyDictionary[BuildEnvironment, BuildState] = weakref.WeakKeyDictionary()


def get_state(env: BuildEnvironment) -> BuildState:
    state = _STATES.get(env)
    if state is None:
        raise RuntimeError("scrapersky_services: the catalog is used before builder-inited ran")
    return state


def _empty_catalog(root: str) -> Catalog:
    return Catalog(root=root, package="")


def _warn_diagnostic(diagnostic: Diagnostic, base: Path) -> None:
    location = None
    if diagnostic.path:
        path = Path(diagnostic.path)
        location = warning_location(
            str(path if path.is_absolute() else base / path), diagnostic.line
        )
    if diagnostic.subtype == NOTE:
        LOGGER.info("%s%s", f"{location}: " if location else "", printable(diagnostic.message))
        return
    warn(diagnostic.message, SUBTYPES.get(diagnostic.subtype, WarningSubtype.ANALYSIS), location)


def _progress(stage: str, done: int, total: int) -> None:
    if total > 1:
        LOGGER.info("scrapersky: %s %d/%d files", stage, done, total)


def analyse_backend(app: Sphinx) -> None:
    """``builder-inited``: the catalog, the warnings, the generated pages."""
    started = time.monotonic()
    try:
        _analyse_backend(app, started)
    finally:
        profile.add("analysis", time.monotonic() - started)


def _analyse_backend(app: Sphinx, started: float) -> None:
    config = get_config(app.config)
    confdir = Path(app.confdir)
    source_root = resolve_path(confdir, config.src_root)
    metadata_path = resolve_path(confdir, config.services_file)
    triage_path = resolve_path(confdir, config.triage_file)

    # an empty setting names no file (not the folder that holds conf.py)
    metadata, problems = load_services_metadata(metadata_path) if config.services_file else ({}, [])
    for problem in problems:
        _warn_diagnostic(problem, confdir)
    rules, unknown_rules = select_rules(
        config.rules, config.api_prefix, config.session_factory_modules
    )
    for code in unknown_rules:
        warn(f"scrapersky_rules: no rule {code!r}; ignored", WarningSubtype.CONFIG)
    data = load_data_folder(config.data_dir or None)
    mandates = mandates_for(rules, data.mandates)
    options = AnalysisOptions(
        source_root=str(source_root),
        package=config.package,
        entry_points=tuple(config.entry_points),
        api_prefix=config.api_prefix,
        session_factory_modules=tuple(config.session_factory_modules),
        metadata=metadata,
        cache_dir=(
            api_site.API_BUILD["analysis_cache"]
            if api_site.API_BUILD
            else str(Path(app.doctreedir) / "scrapersky")
        ),
        rules=rules,
    )
    try:
        if not config.src_root:
            raise SourceRootError(
                "no source root is set (SCRAPERSKY_SRC, or src_root in the data folder's "
                "scrapersky.toml)"
            )
        layout_root = detect_layout(source_root, config.package).source_root
        catalog = analyse(options, _progress)
    except SourceRootError as error:
        if not api_site.building_api_pages():
            warn(
                f"nothing to document: {error} (scrapersky_src_root = {config.src_root!r})",
                WarningSubtype.SOURCE,
                warning_location(str(confdir / "conf.py")),
            )
        layout_root = source_root
        catalog = _empty_catalog(str(source_root))
    if api_site.building_api_pages():
        # the API pages need the modules the analysis read; the site's build reports the
        # rest and writes the pages
        exclude_unread_files(app, catalog)
        _STATES[app.env] = BuildState(
            app, config, catalog, layout_root, Triage(), TriageResult({}, [], []), metadata_path
        )
        return
    LOGGER.info(
        "scrapersky: %d modules, %d services, %d endpoints, %d findings (%.1fs)",
        len(catalog.modules),
        len(catalog.services),
        len(catalog.endpoints),
        len(catalog.findings),
        time.monotonic() - started,
    )
    for diagnostic in catalog.diagnostics:
        _warn_diagnostic(diagnostic, layout_root)
    if metadata_path.is_file():
        for diagnostic in unknown_metadata_keys(metadata, catalog, metadata_path):
            _warn_diagnostic(diagnostic, confdir)

    triage = load_triage(triage_path) if config.triage_file else Triage()
    for problem in triage.problems:
        _warn_diagnostic(problem, confdir)
    result = apply_triage(catalog, triage)
    for entry in result.stale:
        warn(
            f"stale triage: {entry.finding} no longer exists (remove the entry, or restore the code)",
            WarningSubtype.TRIAGE_STALE,
            warning_location(str(triage_path), entry.line),
        )
    for entry, finding in result.suspect:
        warn(
            f"suspect triage: the code of {finding.id} changed since it was triaged "
            f"(fingerprint {entry.fingerprint} is now {finding.fingerprint}); review it and "
            "update the fingerprint",
            WarningSubtype.TRIAGE_SUSPECT,
            warning_location(str(triage_path), entry.line),
        )
    metadata_file = config.services_file or (
        f"{config.data_dir}/services.toml" if config.data_dir else "the data folder's services.toml"
    )
    for service in catalog.services:
        if not service.outcome:
            warn(
                f"DOC1: service {service.id} has no business outcome: add "
                f'[services."{service.id}"] outcome = "..." to {metadata_file}, or an '
                "'Outcome:' section to its module docstring",
                WarningSubtype.UNDOCUMENTED,
                warning_location(str(layout_root / service.path), service.line),
            )
    triage_file = config.triage_file or (
        f"{config.data_dir}/triage.toml" if config.data_dir else "the data folder's triage.toml"
    )
    if config.fail_on != "none":
        for finding in untriaged_at_or_above(catalog, result, config.fail_on):
            if finding.rule == "DOC1":
                continue  # reported above as undocumented
            warn(
                f"untriaged {finding.severity} finding {finding.id} ({finding.rule}): "
                f"{finding.message}; record a decision in {triage_file}: "
                f'[findings."{finding.id}"] decision = "open" (or accepted, false-positive, '
                f'fixed, planned), fingerprint = "{finding.fingerprint}"',
                WarningSubtype.FINDING,
                warning_location(str(layout_root / finding.path), finding.line),
            )

    state = BuildState(
        app,
        config,
        catalog,
        layout_root,
        triage,
        result,
        metadata_path,
        mandates,
        data.site,
        tree_revision(layout_root),
    )
    need_ids = service_need_ids(service.id for service in catalog.services)
    for service in catalog.services:
        need_id = need_ids[service.id]
        state.need_ids[service.id] = need_id
        for key in (service.id, need_id, service.job_id, f"{service.module}.{service.function}"):
            if key:
                state.services_by_key.setdefault(key, service)
    _STATES[app.env] = state
    _write_generated(app, state)
    api_site.start(app, catalog)


def _write_generated(app: Sphinx, state: BuildState) -> None:
    folder = Path(app.srcdir) / state.config.generated_dir
    pages = render_pages(state.catalog, state.need_ids)
    wanted = set()
    written = 0
    for page in pages:
        path = folder / f"{page.name}.md"
        wanted.add(path)
        written += write_if_changed(path, page.text)
    for name, text in artifacts(
        state.catalog, state.triage_result.status, state.config.src_root
    ).items():
        path = folder / "artifacts" / name
        wanted.add(path)
        written += write_if_changed(path, text)
    removed = 0
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path in wanted:
                continue
            if path.suffix == ".md":
                try:
                    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
                except (OSError, UnicodeDecodeError):
                    continue
                if first != GENERATED_MARKER:
                    continue  # not ours: never delete a page someone wrote
            elif path.parent.name != "artifacts":
                continue
            path.unlink()
            removed += 1
    if written or removed:
        LOGGER.info("scrapersky: %d generated file(s) written, %d removed", written, removed)
