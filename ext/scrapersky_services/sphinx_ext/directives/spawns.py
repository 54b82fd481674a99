"""Short-lived work started in the code (``asyncio.create_task(notify(...))``, a thread that
does not loop): not background services, but every place that starts each, grouped under
the function it runs."""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes

from ...analysis.records import SpawnGroup
from ...render.words import kind_title
from ..build import BuildState
from ..tables import make_table
from .base import ViewDirective, api_pages, bullets, literal, para


@dataclass(frozen=True)
class SpawnsView:
    groups: tuple[SpawnGroup, ...]
    api: dict[str, str | None]
    """The API page of each module a row links to."""


class SpawnsDirective(ViewDirective[SpawnsView]):
    """Every short-lived task or thread, with the places that start it and the endpoints
    above them."""

    @classmethod
    def view(
        cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]
    ) -> SpawnsView:
        groups = state.catalog.spawns
        modules = [group.module for group in groups]
        modules += [site.module for group in groups for site in group.sites]
        return SpawnsView(groups, api_pages(state, modules))

    def render_view(self, view: SpawnsView) -> list[nodes.Node]:
        self.depend(group.path for group in view.groups)
        if not view.groups:
            return [para("No short-lived tasks or threads are started in the code.")]
        rows = []
        for group in view.groups:
            function = nodes.entry()
            function += para(self.code_ref(group.module, group.function, view.api))
            if group.summary:
                function += nodes.paragraph(
                    group.summary, group.summary, classes=["scrapersky-muted"]
                )
            rows.append(
                [
                    function,
                    kind_title(group.kind),
                    bullets(self.step_items(group.sites, view.api)),
                    bullets([literal(f"{ref.method} {ref.path}") for ref in group.endpoints])
                    if group.endpoints
                    else "–",
                ]
            )
        return [
            make_table(
                ["Function it runs", "Kind", "Started in", "Below these endpoints"],
                rows,
                widths=[6, 3, 6, 5],
            )
        ]
