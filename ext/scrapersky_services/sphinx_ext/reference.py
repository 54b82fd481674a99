"""Directives that document the extension from its own code (the reference section).

``scrapersky-config`` lists every configuration value and ``scrapersky-warnings`` every
warning subtype, straight from :mod:`..config` and :mod:`..warnings_`, so the reference
cannot drift from the code.
"""

from __future__ import annotations

import dataclasses as dc
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..analysis.bounds import all_limits
from ..config import CONFIG_PREFIX, ScraperskyConfig, env_name, field_default, type_label
from ..data_folder import NOT_FROM_DATA
from ..render.pages import MAX_SLUG
from ..warnings_ import WARNING_TYPE, WarningSubtype
from .api_site import MAX_PAGE_NAME
from .tables import inline_text, make_table

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class ConfigReference(SphinxDirective):
    """Table of every ``scrapersky_*`` configuration value: name, where else it can be set
    (the environment variable, the data folder's ``[config]`` key), type, default, meaning."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        rows = []
        for field in dc.fields(ScraperskyConfig):
            name = CONFIG_PREFIX + field.name
            default = repr(field_default(field))
            variable = env_name(field)
            where: list[nodes.Node] = [nodes.literal(variable, variable)]
            if field.name not in NOT_FROM_DATA:
                where += [nodes.Text(", "), nodes.literal(field.name, field.name)]
            rows.append(
                [
                    nodes.literal(name, name),
                    where,
                    nodes.literal(type_label(field), type_label(field)),
                    nodes.literal(default, default),
                    inline_text(field.metadata["help"]),
                ]
            )
        return [
            make_table(
                ["Value", "Environment, data folder", "Type", "Default", "Meaning"],
                rows,
                widths=[3, 4, 2, 2, 8],
            )
        ]


class WarningsReference(SphinxDirective):
    """Table of every warning subtype and when it is raised."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        rows = []
        for subtype in WarningSubtype:
            name = f"{WARNING_TYPE}.{subtype.value}"
            rows.append(
                [
                    nodes.literal(name, name),
                    inline_text(subtype.description),
                ]
            )
        return [make_table(["Warning (for suppress_warnings)", "When"], rows, widths=[4, 10])]


class DirectivesReference(SphinxDirective):
    """Every directive of the extension with its argument and options, from the classes."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from .directives import DIRECTIVES

        result: list[nodes.Node] = []
        for name, directive in DIRECTIVES.items():
            section = nodes.section(ids=[nodes.make_id(f"directive-{name}")])
            section += nodes.title(name, "", nodes.literal(name, name))
            self.state.document.note_implicit_target(section, section)
            summary = (directive.__doc__ or "").strip().split("\n\n")[0]
            section += nodes.paragraph("", "", *inline_text(" ".join(summary.split())))
            if directive.required_arguments or directive.optional_arguments:
                argument = directive.argument_help or "argument"
                section += nodes.paragraph(
                    "", "", nodes.strong("Argument: ", "Argument: "), *inline_text(argument)
                )
            options = getattr(directive, "option_spec", None) or {}
            if options:
                rows = [
                    [
                        nodes.literal(f":{option}:", f":{option}:"),
                        inline_text(directive.option_help.get(option, "")),
                    ]
                    for option in options
                ]
                section += make_table(["Option", "Meaning"], rows, widths=[2, 8])
            example = (
                f"```{{{name}}}"
                + (f" {directive.example_argument}" if directive.example_argument else "")
                + "\n```"
            )
            section += nodes.literal_block(example, example, language="markdown")
            result.append(section)
        return result


class LimitsReference(SphinxDirective):
    """Table of the analysis's limits (largest file, nesting...) from the analyser's code,
    with the import-diagram limits from the configuration."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        rows = [
            [
                inline_text(limit.name),
                nodes.literal(limit.value, limit.value),
                inline_text(limit.past_it),
            ]
            for limit in all_limits()
        ]
        fields = {field.name: field for field in dc.fields(ScraperskyConfig)}
        for name, label in (
            ("graph_max_nodes", "Modules in one import-chain diagram"),
            ("graph_max_depth", "Import levels in one import-chain diagram"),
        ):
            value = f"{field_default(fields[name])} ({CONFIG_PREFIX}{name})"
            rows.append(
                [
                    inline_text(label),
                    nodes.literal(value, value),
                    inline_text("the diagram is cut and says how many modules it leaves out"),
                ]
            )
        for label, value, past_it in (
            (
                "Service page name taken from a service id",
                f"{MAX_SLUG} characters",
                "the rest is cut and the service's need id (distinct for every service) "
                "added, so that no file name is too long and no two pages collide",
            ),
            (
                "Module name that gets an API page",
                f"{MAX_PAGE_NAME} bytes",
                "a longer one gets no API page (the build says which in one line)",
            ),
        ):
            rows.append([inline_text(label), nodes.literal(value, value), inline_text(past_it)])
        return [make_table(["Limit", "Value", "Past it"], rows, widths=[4, 3, 8])]


def setup_reference(app: Sphinx) -> None:
    app.add_directive("scrapersky-limits", LimitsReference)
    app.add_directive("scrapersky-config", ConfigReference)
    app.add_directive("scrapersky-warnings", WarningsReference)
    app.add_directive("scrapersky-directives", DirectivesReference)
