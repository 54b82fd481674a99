"""The status pipeline: endpoint -> status -> job -> status -> next job, or one service's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ...render import graphs
from ..build import BuildState
from ..tables import make_table
from .base import (
    ServiceLink,
    ViewDirective,
    literal,
    para,
    section,
    service_page,
    status_text,
)


@dataclass(frozen=True)
class QueueRow:
    """One status of the table: who polls it, who writes it, and its state in words."""

    status: str
    pollers: tuple[ServiceLink, ...]
    writers: tuple[str, ...]
    verdict: str


@dataclass(frozen=True)
class StatusFlowView:
    """The diagram (its boxes link to documents) and the files it is drawn from; for the
    whole pipeline also the statuses table; or the unknown service asked for."""

    graph: graphs.Graph | None = None
    alt: str = ""
    sources: tuple[str, ...] = ()
    whole: bool = False
    queues: tuple[QueueRow, ...] = ()
    unknown_service: str | None = None


def _verdict(queue) -> str:
    if queue.orphan:
        return "queue nobody polls"
    if queue.unwritten:
        return "nothing writes it"
    return "fed and polled"


class StatusFlowDirective(ViewDirective[StatusFlowView]):
    """The whole pipeline (endpoint -> status -> job -> status -> next job), or one service's."""

    option_spec: ClassVar = {"service": directives.unchanged_required}
    option_help: ClassVar = {
        "service": "show only this service's transitions (service id, job id or need id)"
    }

    @classmethod
    def view(
        cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]
    ) -> StatusFlowView:
        catalog = state.catalog

        def url(service):
            return service_page(state, service)

        if "service" in options:
            service = state.service(options["service"])
            if service is None:
                return StatusFlowView(unknown_service=options["service"])
            return StatusFlowView(
                graphs.service_graph(catalog, service, url),
                f"Status transitions of {service.function}",
                tuple(service.files),
            )
        paths = {producer.path for service in catalog.services for producer in service.producers}
        paths |= {service.path for service in catalog.services}
        queues = []
        for queue in catalog.queues:
            pollers = tuple(
                ServiceLink.of(state, service)
                for service in map(state.service, queue.pollers)
                if service
            )
            writers = tuple(
                f"{writer.endpoint.method} {writer.endpoint.path}"
                if writer.endpoint
                else f"{writer.function}"
                for writer in queue.writers
            )
            queues.append(QueueRow(status_text(queue.status), pollers, writers, _verdict(queue)))
        return StatusFlowView(
            graphs.pipeline_graph(catalog, url),
            "The status pipeline",
            tuple(sorted(paths)),
            whole=True,
            queues=tuple(queues),
        )

    def render_view(self, view: StatusFlowView) -> list[nodes.Node]:
        if view.unknown_service is not None:
            return self.unknown("service", view.unknown_service)
        self.depend(view.sources)
        body = self.graph(view.graph, view.alt)
        if not view.whole:
            return body
        body.append(
            para(
                "Endpoints (yellow) write statuses (notes) that jobs (green) poll; jobs write "
                "statuses the next job polls. Red: a queue nobody polls; orange: a status a job "
                "waits for that nothing writes; dashed jobs are never registered."
            )
        )
        rows = []
        for queue in view.queues:
            pollers: list[nodes.Node | str] = []
            for poller in queue.pollers:
                pollers += [self.link(poller), nodes.Text(" ")]
            writers: list[nodes.Node | str] = []
            for writer in queue.writers:
                writers += [literal(writer), nodes.Text(" ")]
            rows.append([literal(queue.status), pollers or "–", writers or "–", queue.verdict])
        if rows:
            table_section = section(
                self.state.document, "scrapersky-queues", "Statuses and who moves them"
            )
            table_section += make_table(
                ["Status", "Polled by", "Written by", "State"], rows, widths=[5, 5, 5, 3]
            )
            body.append(table_section)
        return body
