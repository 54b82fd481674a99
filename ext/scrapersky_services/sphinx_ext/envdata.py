"""Per-document data kept in the environment: which page documents which service, what
each page shows, which pages hold sphinx-needs nodes, and the warnings a page's directives
logged.

Purged with its document and merged from parallel readers, so incremental and ``-j``
builds agree; checked once all documents are read. From it, an incremental build finds
the pages to read or write again that Sphinx does not: pages whose directives would show
other data, pages that count or list needs when the needs changed, and every page when the
navigation changed (each page's sidebar shows it).
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..warnings_ import WarningSubtype, warn

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .build import BuildState

ATTRIBUTE = "scrapersky_documented"


def documented(env: BuildEnvironment) -> dict[str, list[str]]:
    """Docname -> ids of the services whose page (with their need) it holds."""
    if not hasattr(env, ATTRIBUTE):
        setattr(env, ATTRIBUTE, {})
    return getattr(env, ATTRIBUTE)


def note_documented(env: BuildEnvironment, service_id: str) -> None:
    documented(env).setdefault(env.current_document.docname, []).append(service_id)


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    for table in TABLES:
        table(env).pop(docname, None)


def merge_info(
    app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment
) -> None:
    for table in TABLES:
        mine, theirs = table(env), table(other)
        for docname in docnames:
            if docname in theirs:
                mine[docname] = theirs[docname]


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: a service documented (with its need) on two pages is reported once,
    where it repeats. On every build, not only on those that read a page (as
    ``env-check-consistency`` would), so that an incremental build warns as a clean one."""
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


def outdated_pages(
    app: Sphinx,
    env: BuildEnvironment,
    changed: set[str],
    removed: set[str],
    state: BuildState,
    shows_now: Callable[[str, tuple[str, ...], dict[str, str]], str | None],
) -> list[str]:
    """The pages whose directives would now show other data: ``shows_now`` gives the
    digest of what a directive would show with the given arguments and options (``None``
    for a directive no longer known), :mod:`.directives` the ``env-get-outdated``
    handler that asks each directive.

    The first event of a build's reading, so it also starts this build's record (with the
    needs of the removed pages, before Sphinx purges them) and deletes the output of the
    removed pages.
    """
    _PASSES[env] = Pass(needs_before={docname: needs_on_page(env, docname) for docname in removed})
    _remove_outputs(app, removed)
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
            shown = shows_now(name, arguments, dict(options))
            if shown is None or shown != digest:
                stale.append(docname)
                break
    return stale


def _remove_outputs(app: Sphinx, removed: Iterable[str]) -> None:
    """The output files of the documents that went away (the page of a deleted service,
    the API page of a deleted module), which Sphinx leaves behind, linking pages that no
    longer exist: a clean build would not have them."""
    outfilename = getattr(app.builder, "get_outfilename", None)
    if outfilename is None:
        return
    link_suffix = app.config.html_sourcelink_suffix
    for docname in removed:
        paths = [Path(outfilename(docname))]
        for suffix in app.config.source_suffix:
            source = docname + suffix + ("" if suffix == link_suffix else link_suffix)
            paths.append(Path(app.outdir) / "_sources" / source)
        for path in paths:
            path.unlink(missing_ok=True)


# -- what this build read ----------------------------------------------------------------------


@dataclass
class Pass:
    """What one build did to the environment (never pickled: it holds this build only)."""

    read: set[str] = field(default_factory=set)
    """The documents this build read."""
    needs_before: dict[str, NeedsOnPage] = field(default_factory=dict)
    """The needs of each document this build read or removed, before it was purged."""


_PASSES: weakref.WeakKeyDictionary[BuildEnvironment, Pass] = weakref.WeakKeyDictionary()


def this_pass(env: BuildEnvironment) -> Pass:
    return _PASSES.setdefault(env, Pass())


def note_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs`` (before the documents are purged): remember which documents
    this build reads, and the needs they defined."""
    this_build = this_pass(env)
    this_build.read.update(docnames)
    for docname in docnames:
        this_build.needs_before.setdefault(docname, needs_on_page(env, docname))


# -- pages that define or show needs -----------------------------------------------------------

NEEDS_NODES = "scrapersky_needs_nodes"
NEEDS_MADE = "scrapersky_needs_made"

NeedsOnPage = tuple[bool, tuple[str, ...]]
"""Whether a page defines needs this extension did not make (a sphinx-needs directive), and
the digest of each need it made."""


def needs_nodes(env: BuildEnvironment) -> dict[str, bool]:
    """Docname -> whether it defines needs this extension did not make, for every page
    holding a sphinx-needs node."""
    if not hasattr(env, NEEDS_NODES):
        setattr(env, NEEDS_NODES, {})
    return getattr(env, NEEDS_NODES)


def needs_made(env: BuildEnvironment) -> dict[str, list[str]]:
    """Docname -> digest of each need this extension's directives defined on it."""
    if not hasattr(env, NEEDS_MADE):
        setattr(env, NEEDS_MADE, {})
    return getattr(env, NEEDS_MADE)


def note_need_made(env: BuildEnvironment, digest: str) -> None:
    needs_made(env).setdefault(env.current_document.docname, []).append(digest)


def needs_on_page(env: BuildEnvironment, docname: str) -> NeedsOnPage:
    return needs_nodes(env).get(docname, False), tuple(needs_made(env).get(docname, ()))


def note_needs_nodes(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: whether the page shows any need data (a need, a ``{need}`` link, a
    count, a table, a diagram of needs: sphinx-needs fills all of them in when the page is
    written, from every page's needs), and whether it defines needs of its own."""
    from docutils import nodes as docutils_nodes
    from sphinx_needs.nodes import Need

    shows = False
    defined = 0
    for node in doctree.findall(docutils_nodes.Element):
        if type(node).__module__.startswith("sphinx_needs."):
            shows = True
            defined += isinstance(node, Need)
    if shows:
        docname = app.env.current_document.docname
        needs_nodes(app.env)[docname] = defined > len(needs_made(app.env).get(docname, ()))


def _needs_changed(env: BuildEnvironment) -> bool:
    """Whether a page this build read or removed defined other needs than before: needs it
    made itself, or any need from a sphinx-needs directive (whose content is not known)."""
    this_build = this_pass(env)
    for docname, before in this_build.needs_before.items():
        after = needs_on_page(env, docname) if docname in env.found_docs else (False, ())
        if before[0] or after[0] or before[1] != after[1]:
            return True
    return False


# -- the navigation every page shows -------------------------------------------------------------

NAVIGATION = "scrapersky_navigation"


def navigation_digest(env: BuildEnvironment) -> str:
    """A digest of what a sidebar can show: the documents the root document's toctrees
    reach, with their toctrees (entries and options), titles and sections. Orphans and the
    pages only they reach (the API pages) are in no sidebar."""
    digest = hashlib.sha256()
    reached = {env.config.root_doc}
    waiting = [env.config.root_doc]
    while waiting:
        for child in env.toctree_includes.get(waiting.pop(), []):
            if child not in reached:
                reached.add(child)
                waiting.append(child)
    for docname in sorted(reached & env.found_docs):
        title = env.titles.get(docname)
        toc = env.tocs.get(docname)
        digest.update(docname.encode())
        digest.update(b"\0" + (title.pformat() if title is not None else "").encode())
        digest.update(b"\0" + (toc.pformat() if toc is not None else "").encode())
        digest.update(b"\0" + repr(env.toctree_includes.get(docname, [])).encode() + b"\1")
    return digest.hexdigest()


def updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages to write again though Sphinx did not read them.

    Every page when the navigation changed (a page added, removed or retitled): each
    page's sidebar lists them all, and Sphinx writes again only the pages it read and their
    toctree parents. Every page showing need data when a page read or removed defined
    other needs than before: sphinx-needs counts, lists and links the needs of all pages
    when it writes one, and does not say which pages that changes.
    """
    navigation = navigation_digest(env)
    before = getattr(env, NAVIGATION, None)
    setattr(env, NAVIGATION, navigation)
    if before is not None and before != navigation:
        return sorted(env.found_docs)
    if _needs_changed(env):
        return sorted(docname for docname in needs_nodes(env) if docname in env.found_docs)
    return []


# -- warnings of the directives, reported again when their page is not read ---------------------

LOGGED = "scrapersky_warnings"

Logged = tuple[str, str, int | None]
"""``(message, subtype, line)`` of a warning a directive logged on a page."""


def logged(env: BuildEnvironment) -> dict[str, list[Logged]]:
    if not hasattr(env, LOGGED):
        setattr(env, LOGGED, {})
    return getattr(env, LOGGED)


def warn_on_page(
    env: BuildEnvironment, message: str, subtype: WarningSubtype, line: int | None
) -> None:
    """Warn about the page being read, and keep the warning with the page."""
    docname = env.current_document.docname
    logged(env).setdefault(docname, []).append((message, subtype.value, line))
    warn(message, subtype, (docname, line))


def warn_again(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: the warnings of the pages this build did not read, as a clean build
    would log them (so ``-W`` fails on an incremental build too)."""
    read = this_pass(env).read
    for docname in sorted(logged(env)):
        if docname in read or docname not in env.found_docs:
            continue
        for message, subtype, line in logged(env)[docname]:
            warn(message, WarningSubtype(subtype), (docname, line))


TABLES = (documented, uses, needs_nodes, needs_made, logged)
