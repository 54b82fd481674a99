"""Per-document data kept in the environment: which page documents which service.

Purged with its document and merged from parallel readers, so incremental and ``-j``
builds agree; checked once all documents are read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..warnings_ import WarningSubtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

ATTRIBUTE = "scrapersky_documented"


def documented(env: BuildEnvironment) -> dict[str, list[str]]:
    """Docname -> ids of the services whose page (with their need) it holds."""
    if not hasattr(env, ATTRIBUTE):
        setattr(env, ATTRIBUTE, {})
    return getattr(env, ATTRIBUTE)


def note_documented(env: BuildEnvironment, service_id: str) -> None:
    documented(env).setdefault(env.current_document.docname, []).append(service_id)


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    documented(env).pop(docname, None)


def merge_info(
    app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment
) -> None:
    mine = documented(env)
    theirs = documented(other)
    for docname in docnames:
        if docname in theirs:
            mine[docname] = theirs[docname]


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """A service documented (with its need) on two pages is reported once, where it repeats."""
    seen: dict[str, str] = {}
    for docname in sorted(documented(env)):
        for service_id in documented(env)[docname]:
            if service_id in seen and seen[service_id] != docname:
                warn(
                    f"service {service_id} is documented with its need on {seen[service_id]} and "
                    f"on {docname}; use the directive without :need: on one of them",
                    WarningSubtype.DIRECTIVE,
                    docname,
                )
            seen.setdefault(service_id, docname)
