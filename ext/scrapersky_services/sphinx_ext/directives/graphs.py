"""The import-chain diagram of one backend module."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ...render import graphs
from ..build import BuildState
from .base import (
    ViewDirective,
    joined,
    literal,
    module_page,
    para,
)


@dataclass(frozen=True)
class ImportGraphView:
    """The diagram (its boxes link to documents), the files it is drawn from, or the
    unknown module asked for."""

    module: str
    graph: graphs.Graph | None = None
    sources: tuple[str, ...] = ()


def import_chain(state: BuildState, module: str, max_depth: int, max_nodes: int) -> graphs.Graph:
    """The import chain of a module, each box linking to its module's page."""
    return graphs.import_graph(
        state.catalog, module, lambda name: module_page(state, name), max_depth, max_nodes
    )


class ImportGraphDirective(ViewDirective[ImportGraphView]):
    """The import chain of one backend module, as a clickable diagram."""

    argument_help = "dotted module name"
    example_argument = "app.services.reports"
    required_arguments = 1
    option_spec: ClassVar = {"depth": directives.positive_int, "max-nodes": directives.positive_int}
    option_help: ClassVar = {
        "depth": "levels of imports to follow (default: ``scrapersky_graph_max_depth``)",
        "max-nodes": "most modules to draw (default: ``scrapersky_graph_max_nodes``)",
    }

    @classmethod
    def view(
        cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]
    ) -> ImportGraphView:
        module = arguments[0]
        catalog = state.catalog
        if module not in catalog.modules_by_name:
            return ImportGraphView(module)
        graph = import_chain(
            state,
            module,
            int(options.get("depth", state.config.graph_max_depth)),
            int(options.get("max-nodes", state.config.graph_max_nodes)),
        )
        sources = tuple(
            catalog.modules_by_name[name].path for name in [module, *catalog.closure(module)]
        )
        return ImportGraphView(module, graph, sources)

    def render_view(self, view: ImportGraphView) -> list[nodes.Node]:
        if view.graph is None:
            return self.unknown("module", view.module)
        self.depend(view.sources)
        body = self.graph(view.graph, f"Import chain of {view.module}")
        if view.graph.external:
            body.append(
                para(
                    "External packages: ", *joined([literal(name) for name in view.graph.external])
                )
            )
        return body
