"""The import-chain diagram of one backend module."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ...render import graphs
from ..build import BuildState
from .base import (
    ScraperskyDirective,
    joined,
    literal,
    para,
)


class ImportGraphDirective(ScraperskyDirective):
    """The import chain of one backend module, as a clickable diagram."""

    argument_help = "dotted module name"
    example_argument = "src.services.domain_scheduler"
    required_arguments = 1
    option_spec: ClassVar = {"depth": directives.positive_int, "max-nodes": directives.positive_int}
    option_help: ClassVar = {
        "depth": "levels of imports to follow (default: ``scrapersky_graph_max_depth``)",
        "max-nodes": "most modules to draw (default: ``scrapersky_graph_max_nodes``)",
    }

    @classmethod
    def data(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> object:
        catalog = state.catalog
        names = [arguments[0], *catalog.closure(arguments[0])]
        return [
            [(name, catalog.internal_targets(name)) for name in names],
            sorted({finding.module for finding in catalog.findings} & set(names)),
            [(service.module, service.id) for service in catalog.services],
        ]

    def render(self) -> list[nodes.Node]:
        state = self.state_
        module = self.arguments[0]
        if module not in state.catalog.modules_by_name:
            return self.unknown("module", module)
        model = graphs.import_graph(
            state.catalog,
            module,
            self.module_url,
            self.options.get("depth", state.config.graph_max_depth),
            self.options.get("max-nodes", state.config.graph_max_nodes),
        )
        self.depend(
            state.catalog.modules_by_name[name].path
            for name in [module, *state.catalog.closure(module)]
        )
        body = self.graph(model, f"Import chain of {module}")
        if model.external:
            body.append(
                para("External packages: ", *joined([literal(name) for name in model.external]))
            )
        return body
