"""The home page's introduction: the data folder's words and the tree and commit the site
was built from."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes

from .base import ViewDirective

if TYPE_CHECKING:
    from ..build import BuildState


@dataclass(frozen=True)
class IntroView:
    """The data folder's introduction, the backend's package and size, and the revision
    and Python version the site was built from."""

    intro: str | None
    package: str | None
    modules: int
    tree: str
    commit: str | None
    short: str
    branch: str | None
    python: tuple[int, int]


class IntroDirective(ViewDirective[IntroView]):
    """The home page's introduction: the data folder's words (as text), or neutral ones,
    and the tree and commit the site was built from."""

    option_spec: ClassVar = {}

    @classmethod
    def view(
        cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]
    ) -> IntroView:
        revision = state.revision
        return IntroView(
            state.site.intro,
            state.catalog.package,
            len(state.catalog.modules),
            revision.tree,
            revision.commit,
            revision.short,
            revision.branch,
            (sys.version_info[0], sys.version_info[1]),
        )

    def render_view(self, view: IntroView) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        if view.intro:
            for block in view.intro.split("\n\n"):
                text = " ".join(block.split())
                if text:
                    result.append(nodes.paragraph(text, text))
        else:
            package = view.package or "the backend"
            text = (
                f"The background work of {package}: scheduled jobs, tasks that endpoints "
                "start, and loops that poll the database, as its code has them."
            )
            result.append(nodes.paragraph(text, text))
        paragraph = nodes.paragraph("", "Built from ")
        paragraph += nodes.literal(view.tree, view.tree)
        if view.commit:
            paragraph += nodes.Text(", commit ")
            paragraph += nodes.literal(view.short, view.short)
            if view.branch:
                paragraph += nodes.Text(" on ")
                paragraph += nodes.literal(view.branch, view.branch)
        else:
            paragraph += nodes.Text(" (not a git checkout)")
        python = "{}.{}".format(*view.python)
        paragraph += nodes.Text(f": {view.modules} modules read by Python {python}.")
        paragraph["classes"].append("scrapersky-provenance")
        result.append(paragraph)
        return result
