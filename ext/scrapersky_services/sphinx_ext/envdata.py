"""Per-document data kept in the environment: which page documents which service.

Purged with its document and merged from parallel readers, so incremental and ``-j``
builds agree; checked once all documents are read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..warnings_ import WarningSubtype, warn

if TYPE_CHECKING:
    from docutils import nodes
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
    uses(env).pop(docname, None)


def merge_info(
    app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment
) -> None:
    for table in (documented, uses):
        mine, theirs = table(env), table(other)
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


# -- what each page shows, to read it again when that changes ---------------------------------

USES = "scrapersky_uses"

Use = tuple[str, tuple[str, ...], tuple[tuple[str, str], ...], str]
"""``(directive, arguments, options, digest of the data it showed)``."""


def data_digest(data: object) -> str:
    import hashlib
    import json

    from ..analysis.records import to_json

    text = json.dumps(to_json(data), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def uses(env: BuildEnvironment) -> dict[str, list[Use]]:
    if not hasattr(env, USES):
        setattr(env, USES, {})
    return getattr(env, USES)


def note_use(
    env: BuildEnvironment, name: str, arguments: tuple[str, ...], options: tuple, digest: str
) -> None:
    uses(env).setdefault(env.current_document.docname, []).append(
        (name, arguments, options, digest)
    )


#: The pseudo-directive under which a page's ``{need}`` references are recorded.
NEED_REF = "need-ref"


def note_need_refs(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: record whether each need a page references through sphinx-needs'
    ``{need}`` role is one the catalog makes (a finding, a service, a mandate), so the page
    is read again (and warns, or stops warning) when that need appears or disappears."""
    from sphinx_needs.roles.need_ref import NeedRef

    from .build import get_state

    state = get_state(app.env)
    for node in doctree.findall(NeedRef):
        link = node.get("need_link")
        need_id = getattr(link, "id", None) or str(node.get("reftarget", ""))
        if need_id:
            note_use(app.env, NEED_REF, (need_id,), (), data_digest(_made(state, need_id)))


def _made(state: object, need_id: str) -> bool:
    catalog = state.catalog
    return (
        any(finding.id == need_id for finding in catalog.findings)
        or any(service.id == need_id for service in catalog.services)
        or any(mandate.id == need_id for mandate in state.mandates)
    )


def outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: pages whose directives would now show other data."""
    from .build import get_state
    from .directives import DIRECTIVES

    state = get_state(env)
    stale = []
    for docname, recorded in sorted(uses(env).items()):
        if docname in removed or docname in changed or docname not in env.found_docs:
            continue
        for name, arguments, options, digest in recorded:
            if name == NEED_REF:
                if data_digest(_made(state, arguments[0])) != digest:
                    stale.append(docname)
                    break
                continue
            directive = DIRECTIVES.get(name)
            if (
                directive is None
                or data_digest(directive.data(state, arguments, dict(options))) != digest
            ):
                stale.append(docname)
                break
    return stale
