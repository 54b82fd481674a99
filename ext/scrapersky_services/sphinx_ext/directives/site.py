"""The home page's introduction: the data folder's words and the tree and commit the site
was built from."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes

from .base import ScraperskyDirective

if TYPE_CHECKING:
    from ..build import BuildState


class IntroDirective(ScraperskyDirective):
    """The home page's introduction: the data folder's words (as text), or neutral ones,
    and the tree and commit the site was built from."""

    option_spec: ClassVar = {}

    @classmethod
    def data(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> object:
        revision = state.revision
        return [
            state.site.intro,
            state.catalog.package,
            len(state.catalog.modules),
            revision.tree,
            revision.commit,
            revision.branch,
            sys.version_info[:2],
        ]

    def render(self) -> list[nodes.Node]:
        state = self.state_
        result: list[nodes.Node] = []
        if state.site.intro:
            for block in state.site.intro.split("\n\n"):
                text = " ".join(block.split())
                if text:
                    result.append(nodes.paragraph(text, text))
        else:
            package = state.catalog.package or "the backend"
            text = (
                f"The background work of {package}: scheduled jobs, tasks that endpoints "
                "start, and loops that poll the database, as its code has them."
            )
            result.append(nodes.paragraph(text, text))
        revision = state.revision
        paragraph = nodes.paragraph("", "Built from ")
        paragraph += nodes.literal(revision.tree, revision.tree)
        if revision.commit:
            paragraph += nodes.Text(", commit ")
            paragraph += nodes.literal(revision.short, revision.short)
            if revision.branch:
                paragraph += nodes.Text(" on ")
                paragraph += nodes.literal(revision.branch, revision.branch)
        else:
            paragraph += nodes.Text(" (not a git checkout)")
        python = "{}.{}".format(*sys.version_info[:2])
        paragraph += nodes.Text(f": {len(state.catalog.modules)} modules read by Python {python}.")
        paragraph["classes"].append("scrapersky-provenance")
        result.append(paragraph)
        return result
