"""The maintainers' data folder of one documented backend.

Everything a person keeps by hand about a backend lives in one folder, chosen by
``scrapersky_data_dir`` (``SCRAPERSKY_DATA``), never in the extension or in ``conf.py``::

    scrapersky.toml   [config]: scrapersky_* values; [site]: title and intro;
                      [mandates."MAN-..."]: the mandates' wording for this backend
    services.toml     business outcome, workflow and owner of each service
    triage.toml       decisions on findings
    pages/            the maintainers' own MyST pages (guide, architecture, work orders)

``python -m scrapersky_services init`` writes one for a new backend. Without a data folder
the site shows only what the code says, in the product's own neutral words.

This module imports nothing from Sphinx: the command-line tool reads the same folder.
Problems are returned as diagnostics with file and line, never raised.
"""

from __future__ import annotations

import dataclasses as dc
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .analysis.metadata import parse_toml, read_data_file
from .analysis.records import Diagnostic
from .config import ScraperskyConfig

CONFIG_FILE = "scrapersky.toml"
SERVICES_FILE = "services.toml"
TRIAGE_FILE = "triage.toml"
PAGES_DIR = "pages"

#: ``[config]`` values that are paths: relative to the data folder.
PATH_FIELDS = frozenset({"src_root", "services_file", "triage_file"})
#: Values the data folder cannot set (they choose the data folder, or are the build's own).
NOT_FROM_DATA = frozenset({"data_dir", "generated_dir", "profile"})
SITE_FIELDS = ("title", "intro")
MANDATE_FIELDS = ("title", "statement", "rationale")


@dc.dataclass(frozen=True)
class Site:
    """What the site says about itself: the maintainers' words, shown as text."""

    title: str = ""
    intro: str = ""


@dc.dataclass(frozen=True)
class DataFolder:
    path: Path | None
    """The folder (resolved), or ``None`` when the build has none."""
    config: Mapping[str, Any] = dc.field(default_factory=dict)
    """``[config]`` values by field name, paths made absolute."""
    site: Site = Site()
    mandates: Mapping[str, Mapping[str, str]] = dc.field(default_factory=dict)
    """Mandate id -> ``title``/``statement``/``rationale`` given for this backend."""
    problems: tuple[Diagnostic, ...] = ()

    def file(self, name: str) -> Path | None:
        """A file of the folder when it exists."""
        if self.path is None:
            return None
        candidate = self.path / name
        return candidate if candidate.is_file() else None

    def file_values(self) -> dict[str, str]:
        """``services_file`` and ``triage_file`` for the files this folder holds: the values
        they take when nothing else sets them."""
        values = {}
        for name, file_name in (("services_file", SERVICES_FILE), ("triage_file", TRIAGE_FILE)):
            found = self.file(file_name)
            if found is not None:
                values[name] = str(found)
        return values

    @property
    def pages(self) -> Path | None:
        if self.path is None:
            return None
        folder = self.path / PAGES_DIR
        return folder if folder.is_dir() else None


NO_DATA = DataFolder(None)


def _line_of(text: str, pattern: str) -> int | None:
    match = re.search(pattern, text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def load_data_folder(folder: str | os.PathLike[str] | None) -> DataFolder:
    """Read a data folder; an empty name means none."""
    if not folder:
        return NO_DATA
    path = Path(folder).expanduser().resolve()
    if not path.is_dir():
        return dc.replace(
            NO_DATA,
            problems=(Diagnostic("config", f"the data folder {path} is not a folder", str(path)),),
        )
    config_path = path / CONFIG_FILE
    problems: list[Diagnostic] = []
    try:
        text = read_data_file(config_path)
        if text is None:
            return DataFolder(path)
        data = parse_toml(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        problem = Diagnostic(
            "config",
            f"invalid TOML: {error}",
            str(config_path),
            int(match.group(1)) if match else None,
        )
        return DataFolder(path, problems=(problem,))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        problem = Diagnostic("config", f"cannot read the file: {error}", str(config_path))
        return DataFolder(path, problems=(problem,))

    def problem(message: str, pattern: str | None = None) -> None:
        line = _line_of(text, pattern) if pattern else None
        problems.append(Diagnostic("config", message, str(config_path), line))

    unknown_tables = sorted(set(data) - {"config", "site", "mandates"})
    for table in unknown_tables:
        problem(
            f"unknown table [{table}] (expected [config], [site], [mandates])",
            rf"^\s*\[{re.escape(table)}",
        )
    config = _config_table(data.get("config", {}), path, problem)
    site = _site_table(data.get("site", {}), problem)
    mandates = _mandates_table(data.get("mandates", {}), problem)
    return DataFolder(path, config, site, mandates, tuple(problems))


def _config_table(table: Any, folder: Path, problem) -> dict[str, Any]:
    if not isinstance(table, dict):
        problem("[config] must be a table", r"^\s*config\s*=")
        return {}
    known = {field.name for field in dc.fields(ScraperskyConfig)} - NOT_FROM_DATA
    values: dict[str, Any] = {}
    for name, value in table.items():
        if name not in known:
            problem(
                f"[config] {name}: not a value the data folder sets "
                f"(expected one of {', '.join(sorted(known))})",
                rf"^\s*{re.escape(name)}\s*=",
            )
            continue
        if name in PATH_FIELDS and isinstance(value, str) and value:
            values[name] = str((folder / value).resolve())
        else:
            values[name] = value
    return values


def _site_table(table: Any, problem) -> Site:
    if not isinstance(table, dict):
        problem("[site] must be a table", r"^\s*site\s*=")
        return Site()
    values = {}
    for name, value in table.items():
        if name not in SITE_FIELDS:
            problem(
                f"[site] {name}: unknown field (expected {', '.join(SITE_FIELDS)})",
                rf"^\s*{re.escape(name)}\s*=",
            )
        elif not isinstance(value, str):
            problem(f"[site] {name} must be a string", rf"^\s*{re.escape(name)}\s*=")
        else:
            values[name] = value.strip()
    return Site(**values)


def _mandates_table(table: Any, problem) -> dict[str, dict[str, str]]:
    if not isinstance(table, dict):
        problem("[mandates] must be a table", r"^\s*mandates\s*=")
        return {}
    mandates: dict[str, dict[str, str]] = {}
    for mandate_id, entry in table.items():
        where = rf"^\s*\[mandates\.\"?{re.escape(mandate_id)}"
        if not isinstance(entry, dict):
            problem(f"[mandates] {mandate_id!r} must be a table", where)
            continue
        if not re.fullmatch(r"MAN-[A-Z0-9-]+", mandate_id):
            problem(f"mandate id {mandate_id!r} must look like MAN-NAME (A-Z, 0-9, -)", where)
            continue
        unknown = sorted(set(entry) - set(MANDATE_FIELDS))
        if unknown:
            problem(
                f"mandate {mandate_id}: unknown field(s) {', '.join(unknown)} "
                f"(expected {', '.join(MANDATE_FIELDS)})",
                where,
            )
        mandates[mandate_id] = {
            name: str(value) for name, value in entry.items() if name in MANDATE_FIELDS
        }
    return mandates
