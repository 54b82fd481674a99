"""The one registry of the warnings this extension emits.

Every warning is logged as ``scrapersky.<subtype>``, so a project can silence one kind with
``suppress_warnings = ["scrapersky.<subtype>"]``. The reference lists this registry through
the ``scrapersky-warnings`` directive. Importing this module does not import Sphinx.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

WARNING_TYPE = "scrapersky"


class WarningSubtype(StrEnum):
    """A kind of warning, with the sentence the reference shows for it."""

    description: str

    def __new__(cls, value: str, description: str) -> WarningSubtype:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member

    CONFIG = (
        "config",
        "A ``scrapersky_*`` configuration value is invalid; its default is used instead.",
    )
    GRAPHVIZ = (
        "graphviz",
        "The configured Graphviz program was not found; the automatic choice is used.",
    )
    SOURCE = (
        "source",
        "A backend file could not be read or parsed (syntax error, encoding, size, "
        "nesting); it is listed with its error and the rest of the tree is documented. "
        "(The files no import reaches, database migrations and file names that are no "
        "module names, are left out with one line of the build's output, not a warning.)",
    )
    ANALYSIS = (
        "analysis",
        "Something in the backend could not be resolved statically (for example a job "
        "whose trigger is computed at run time); the fact is shown as unknown.",
    )
    UNDOCUMENTED = (
        "undocumented",
        "DOC1: a service has no business outcome, neither in the services metadata file "
        "nor in an ``Outcome:`` section of its module docstring.",
    )
    METADATA = (
        "metadata",
        "The services metadata file cannot be read, or names a service that does not exist.",
    )
    TRIAGE_STALE = (
        "triage_stale",
        "A triage decision names a finding that no longer exists.",
    )
    TRIAGE_SUSPECT = (
        "triage_suspect",
        "The code a triage decision was made against has changed (fingerprint mismatch).",
    )
    TRIAGE_INVALID = (
        "triage_invalid",
        "The triage file cannot be read, or an entry in it is malformed.",
    )
    FINDING = (
        "finding",
        "A finding at or above ``scrapersky_fail_on`` is not triaged.",
    )
    DIRECTIVE = (
        "directive",
        "A directive was given an unknown service, module or option value.",
    )
    API = (
        "api",
        "The API pages' own build (a second Sphinx process, see ``scrapersky_cache_dir``) "
        "failed; the site is built without them and links none.",
    )


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text from the backend (file names, code) as a terminal shows it: control characters,
    ANSI escape sequences among them, written as ``\\x1b`` instead of acting."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def warning_location(path: str | None, line: int | None = None) -> str | None:
    """A location Sphinx prints verbatim: ``path:line`` (``path:`` without a line)."""
    if path is None:
        return None
    path = printable(path)
    return f"{path}:{line}" if line else f"{path}:"


def warn(message: str, subtype: WarningSubtype, location: Any = None, **kwargs: Any) -> None:
    """Log a warning of this extension through Sphinx's logger.

    ``location`` is anything Sphinx accepts (a docname, ``(docname, line)``, a node), or a
    ``path:line`` string from :func:`warning_location` for a backend file.
    """
    from sphinx.util import logging

    logging.getLogger("scrapersky_services").warning(
        printable(message), type=WARNING_TYPE, subtype=subtype.value, location=location, **kwargs
    )
