"""The base class of every directive of the extension and the small node builders they share.

The plumbing each directive needs: the build state, the backend files a page depends on
(``env.note_dependency``), what a page shows recorded for the next build, links to pages,
API docs and needs, diagrams through the stock graphviz node, warnings kept with the page.
"""

from __future__ import annotations

import abc
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from docutils import nodes
from sphinx import addnodes
from sphinx.ext.graphviz import graphviz
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri
from sphinx_needs.api import add_need

from ...analysis.records import ChainStep, Service, StatusRef
from ...render import graphs
from ...warnings_ import WarningSubtype
from .. import profile
from ..api_site import api_docname, is_api_docname
from ..build import BuildState, get_state
from ..envdata import data_digest, note_need_made, note_use, warn_on_page

# -- small node builders -------------------------------------------------------------------


def para(*children: nodes.Node | str) -> nodes.paragraph:
    paragraph = nodes.paragraph()
    for child in children:
        paragraph += nodes.Text(child) if isinstance(child, str) else child
    return paragraph


def literal(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def bullets(items: Iterable[nodes.Node | Sequence[nodes.Node | str] | str]) -> nodes.bullet_list:
    listing = nodes.bullet_list()
    for item in items:
        entry = nodes.list_item()
        if isinstance(item, nodes.Body):
            entry += item
        elif isinstance(item, (str, nodes.Node)):
            entry += para(item)
        else:
            entry += para(*item)
        listing += entry
    return listing


def fields(
    rows: Iterable[tuple[str, nodes.Node | Sequence[nodes.Node | str] | str]],
) -> nodes.field_list:
    listing = nodes.field_list(classes=["scrapersky-facts"])
    for name, value in rows:
        item = nodes.field()
        item += nodes.field_name(name, name)
        body = nodes.field_body()
        if isinstance(value, nodes.Body):
            body += value
        elif isinstance(value, (str, nodes.Node)):
            body += para(value)
        else:
            body += para(*value)
        item += body
        listing += item
    return listing


def doc_link(target: str, text: str | nodes.Node, refdoc: str) -> addnodes.pending_xref:
    """A link to a document, resolved by Sphinx when the page is written."""
    node = addnodes.pending_xref(
        "", refdomain="std", reftype="doc", reftarget="/" + target, refexplicit=True, refdoc=refdoc
    )
    node += nodes.inline("", "", text if isinstance(text, nodes.Node) else nodes.Text(text))
    return node


def section(document: nodes.document, identifier: str, title: str) -> nodes.section:
    node = nodes.section(ids=[nodes.make_id(identifier)])
    node += nodes.title(title, title)
    document.note_implicit_target(node, node)
    return node


def location(state: BuildState, path: str, line: int | None) -> nodes.literal:
    return literal(f"{path}:{line}" if line else path)


def joined(items: list[nodes.Node], separator: str = ", ") -> list[nodes.Node]:
    """The nodes with a separator between each two."""
    result: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            result.append(nodes.Text(separator))
        result.append(item)
    return result


def status_text(status: StatusRef) -> str:
    """``Model.field = Enum.MEMBER`` (or the literal value) for a status."""
    enum = status.enum.rpartition(":")[2]
    value = f"{enum}.{status.member}" if enum else repr(status.value)
    return f"{status.model}.{status.field} = {value}"


def present(state: BuildState, docname: str) -> str | None:
    """The document if it is in this build (a link to it can be made), else None."""
    return docname if docname in state.app.env.found_docs else None


def api_page(state: BuildState, module: str) -> str | None:
    """The API page of a module (sphinx-autodoc2), when the build links API pages."""
    return api_docname(state.app, module)


def api_pages(state: BuildState, modules: Iterable[str]) -> dict[str, str | None]:
    """Each module's API page or None: what decides whether a code reference is a link,
    for a view to hold (:meth:`ScraperskyDirective.code_ref`)."""
    return {module: api_page(state, module) for module in sorted(set(modules))}


def module_page(state: BuildState, module: str) -> str | None:
    """The page a module's box in a diagram links to: the page of its first service,
    else its API page."""
    services = [service for service in state.catalog.services if service.module == module]
    if services:
        return present(state, state.service_docname(services[0]))
    return api_page(state, module)


def service_page(state: BuildState, service: Service) -> str | None:
    """The page a service's box in a diagram links to, when it is in this build."""
    return present(state, state.service_docname(service))


def inert(value):
    """Text for a need: sphinx-needs runs ``[[function(...)]]`` written in a need's fields
    (its dynamic functions); text from the code or the data files is data, so a zero-width
    joiner keeps each ``[[`` and ``]]`` from being one (it shows the same)."""
    if isinstance(value, str):
        return value.replace("[[", "[\u2060[").replace("]]", "]\u2060]")
    if isinstance(value, (list, tuple)):
        return type(value)(inert(item) for item in value)
    return value


@dataclass(frozen=True)
class ServiceLink:
    """Where a service's page is and the name a link to it shows: all a view needs to
    link a service."""

    docname: str
    label: str

    @classmethod
    def of(cls, state: BuildState, service: Service) -> ServiceLink:
        return cls(state.service_docname(service), service.function.rpartition(".")[2])


class ScraperskyDirective(SphinxDirective, metaclass=abc.ABCMeta):
    """Shared plumbing: the build state, dependencies, links to pages and API docs."""

    #: One line per option for the reference (``scrapersky-directives``).
    option_help: ClassVar[dict[str, str]] = {}
    #: What the argument is, for the reference.
    argument_help: ClassVar[str] = ""
    #: An argument for the reference's example.
    example_argument: ClassVar[str] = ""

    def run(self) -> list[nodes.Node]:
        started = time.perf_counter()
        try:
            return self._run()
        finally:
            profile.add("directives", time.perf_counter() - started)

    @abc.abstractmethod
    def _run(self) -> list[nodes.Node]:
        """Record what the page shows (:func:`..envdata.note_use`) and make its nodes."""

    def recorded_options(self) -> tuple[tuple[str, str], ...]:
        """The options as recorded with the page (and given to ``view``): text values."""
        return tuple(sorted((key, str(value)) for key, value in self.options.items()))

    @property
    def state_(self) -> BuildState:
        return get_state(self.env)

    def depend(self, relpaths: Iterable[str]) -> None:
        for relpath in sorted(set(relpaths)):
            self.env.note_dependency(str(self.state_.path(relpath)))

    @property
    def docname(self) -> str:
        return self.env.current_document.docname

    def service_link(self, service: Service, text: str | None = None) -> nodes.Node:
        target = ServiceLink.of(self.state_, service)
        return self.link(ServiceLink(target.docname, text or target.label))

    def link(self, target: ServiceLink) -> nodes.Node:
        """A link to a service's page, or its name when the page is not in this build."""
        if target.docname not in self.env.found_docs:
            return literal(target.label)
        return doc_link(target.docname, literal(target.label), self.docname)

    def url_to(self, docname: str, anchor: str = "") -> str | None:
        """A relative URL from this page to another, for links inside SVG diagrams."""
        if docname not in self.env.found_docs and not is_api_docname(self.state_.app, docname):
            return None
        builder = self.state_.app.builder
        try:
            here = builder.get_target_uri(self.docname)
            there = builder.get_target_uri(docname)
        except Exception:  # a builder without pages (linkcheck, dummy)
            return None
        return relative_uri(here, there) + (f"#{anchor}" if anchor else "")

    def code_ref(self, module: str, function: str, api: Mapping[str, str | None]) -> nodes.Node:
        """``module.function`` as a literal, linked to its API page when there is one.

        ``api`` is the view's :func:`api_pages` (it must hold ``module``: a view that
        forgot one fails here rather than link from data its digest does not cover).
        """
        name = f"{module}.{function}" if function and function != "<module>" else module
        docname = api[module]
        if docname is None:
            return literal(name)
        return doc_link(docname, literal(name), self.docname)

    def step_items(
        self, steps: Iterable[ChainStep], api: Mapping[str, str | None]
    ) -> list[tuple[nodes.Node, str]]:
        """``module.function (line N)`` for each step of a chain or each spawn site, as
        :func:`bullets` items."""
        return [
            (self.code_ref(step.module, step.function, api), f" (line {step.line})")
            for step in steps
        ]

    def need_ref(self, need_id: str) -> list[nodes.Node]:
        """A link to a need (the id is ours: only ``[A-Z0-9-]``).

        Made with sphinx-needs' ``need`` role, which also marks the page as one holding
        needs: ``add_need`` alone does not, and a page must be marked for its needs to be
        rendered. Every directive that adds needs therefore also links one.
        """
        parsed, _ = self.parse_inline(f"{{need}}`{need_id}`", lineno=self.lineno)
        return parsed

    def make_need(self, need_type: str, title: str, **values: object) -> list[nodes.Node]:
        """A need of the audit trail, defined here; what it holds is recorded with the page,
        so that the pages showing needs are written again when (and only when) it changes."""
        title = inert(title)
        values = {name: inert(value) for name, value in values.items()}
        note_need_made(self.env, data_digest([need_type, title, self.lineno, values]))
        return add_need(
            self.state_.app, self.state, self.docname, self.lineno, need_type, title, **values
        )

    def graph(self, model: graphs.Graph, alt: str) -> list[nodes.Node]:
        """The diagram; its nodes' URLs are the documents they link to (a view's graph),
        made relative to this page here."""
        node = graphviz()
        node["code"] = graphs.to_dot(model.with_urls(self.url_to))
        node["options"] = {"docname": self.docname}
        node["alt"] = alt
        node["align"] = "center"
        node["classes"] = ["scrapersky-graph"]
        result: list[nodes.Node] = [node]
        if model.note:
            result.append(para(nodes.emphasis(model.note, model.note)))
        return result

    def unknown(self, what: str, key: str) -> list[nodes.Node]:
        warn_on_page(
            self.env,
            f"{self.name}: no {what} {key!r} in the documented backend",
            WarningSubtype.DIRECTIVE,
            self.lineno,
        )
        return []


class StaticDirective(ScraperskyDirective):
    """A directive that shows nothing from the catalog (a reference made from the code):
    it records that it shows nothing, so its page is read again only when edited."""

    def _run(self) -> list[nodes.Node]:
        options = self.recorded_options()
        note_use(self.env, self.name, tuple(self.arguments), options, data_digest(None))
        return self.render()

    @abc.abstractmethod
    def render(self) -> list[nodes.Node]:
        """The nodes the directive shows."""


View = TypeVar("View")


class ViewDirective(ScraperskyDirective, Generic[View]):
    """A directive that computes one view of the catalog for its arguments and options,
    and both records it (its digest, for ``env-get-outdated``) and renders from it: what
    is compared on the next build is exactly what the page shows, they cannot drift."""

    @classmethod
    @abc.abstractmethod
    def view(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> View:
        """Everything from the catalog the directive shows, as frozen records or plain data."""

    def _run(self) -> list[nodes.Node]:
        options = self.recorded_options()
        view = type(self).view(self.state_, tuple(self.arguments), dict(options))
        note_use(self.env, self.name, tuple(self.arguments), options, data_digest(view))
        return self.render_view(view)

    @abc.abstractmethod
    def render_view(self, view: View) -> list[nodes.Node]:
        """The nodes for the view (never read from the catalog again)."""
