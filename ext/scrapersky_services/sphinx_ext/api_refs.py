"""References and signatures on the backend's API pages that Sphinx cannot resolve or parse.

The backend's annotations name what its modules import (``Depends(get_session)`` inside an
``Annotated[...]``, ``src.models.Domain`` re-exported by a package ``__init__``), PEP 695
type aliases and type parameters no page documents, and default values Sphinx's signature
parser does not know (an f-string). Each of these was a warning per use, none of them a
problem of the documentation: the page is generated from the code as it is.

On the backend's API pages only (hand-written pages keep Sphinx's nitpicky warnings):

* a Python reference Sphinx cannot find is followed to where its module imports the name
  (through re-exports, a few hops), and links there when that is documented; otherwise it
  is shown as the plain text it was written as (:func:`resolve_backend_reference`);
* a signature Sphinx cannot parse is shown as its source text, Sphinx's own fallback,
  without the warning (:class:`UnparsableSignatures`).
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from sphinx.domains.python import PyObject

from .api_pages import BACKEND_RENDERER, documented_modules

if TYPE_CHECKING:
    from autodoc2.db import Database
    from docutils import nodes
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

#: How many re-exports a name is followed through (``a`` imports it from ``b``, which ...).
MAX_HOPS = 5
#: The warnings Sphinx's Python domain gives for a signature it cannot parse; it then shows
#: the signature's text as written.
UNPARSABLE_SIGNATURE = ("could not parse arglist", "could not parse tp_list")


def backend_page_module(config: Config, docname: str) -> str | None:
    """The backend module whose API page ``docname`` is, or ``None`` for any other page."""
    if "autodoc2_output_dir" not in config:
        return None
    folder, _, module = docname.rpartition("/")
    if folder != f"{config.autodoc2_output_dir}/{module.split('.')[0]}":
        return None
    for pattern, renderer in config.autodoc2_render_plugin_regexes:
        if renderer == BACKEND_RENDERER and re.fullmatch(pattern, module):
            return module
    return None


def resolve_backend_reference(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    """``missing-reference`` for Python references on the backend's API pages."""
    if node.get("refdomain") != "py":
        return None
    refdoc = node.get("refdoc", "")
    if backend_page_module(env.config, refdoc) is None:
        return None
    db = getattr(env, "autodoc2_db", None)
    target = node.get("reftarget", "").lstrip(".~")
    documented = documented_modules(env.config)
    domain = env.domains.python_domain
    for candidate in imported_as(db, target, node.get("py:module")) if db is not None else ():
        if candidate.split(".")[0] not in documented:
            continue  # imported from elsewhere (fastapi.Depends): no page has it
        resolved = domain.resolve_xref(env, refdoc, app.builder, "obj", candidate, node, contnode)
        if resolved is not None:
            return resolved
    return contnode  # not documented anywhere: the text, as the annotation wrote it


def imported_as(db: Database, target: str, module: str | None) -> list[str]:
    """The names ``target`` stands for through the imports of the backend's modules,
    nearest first: ``src.models.Domain`` → ``src.models.domain.Domain`` when ``src.models``
    imports it from there; an unqualified ``get_session`` → what ``module`` imports under
    that name, and so on through re-exports."""
    name = target if "." in target or not module else f"{module}.{target}"
    found: list[str] = []
    for _ in range(MAX_HOPS):
        imported = _through_import(db, name)
        if imported is None or imported in found:
            break
        found.append(imported)
        name = imported
    return found


def _through_import(db: Database, name: str) -> str | None:
    """``module.rest`` with ``module`` the longest module prefix of ``name`` in the
    database: where that module imports ``rest``'s first part from."""
    parts = name.split(".")
    for split in range(len(parts) - 1, 0, -1):
        item = db.get_item(".".join(parts[:split]))
        if item is None:
            continue
        if item["type"] not in ("module", "package"):
            return None  # a class or function: its attributes are not imports
        wanted, rest = parts[split], parts[split + 1 :]
        for full_name, alias in item.get("imports", ()):
            if (alias or full_name.rpartition(".")[2]) == wanted:
                return ".".join([full_name, *rest])
        return None
    return None


class UnparsableSignatures(logging.Filter):
    """Drops Sphinx's warning about a signature it cannot parse when the signature is on one
    of the backend's API pages (Sphinx then shows the signature's source text).

    A filter of the logger of Sphinx's Python object directives: it runs where the warning
    is logged, with the signature node and through it the build's environment, in the main
    process and in parallel readers alike.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith(UNPARSABLE_SIGNATURE):
            return True
        document = getattr(getattr(record, "location", None), "document", None)
        env = getattr(getattr(document, "settings", None), "env", None)
        if env is None:
            return True
        return backend_page_module(env.config, env.current_document.docname) is None


def python_directives_logger() -> logging.Logger:
    """The logger Sphinx's Python object directives warn through."""
    return logging.getLogger(f"sphinx.{PyObject.__module__}")


def setup_api_refs(app: Sphinx) -> None:
    # after any other resolver (intersphinx...): this one gives up with the text
    app.connect("missing-reference", resolve_backend_reference, priority=900)
    logger = python_directives_logger()
    if not any(isinstance(existing, UnparsableSignatures) for existing in logger.filters):
        logger.addFilter(UnparsableSignatures())
