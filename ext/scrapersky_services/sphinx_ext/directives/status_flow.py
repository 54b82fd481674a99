"""The status pipeline: endpoint -> status -> job -> status -> next job, or one service's."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ...render import graphs
from ..build import BuildState
from ..tables import make_table
from .base import (
    ScraperskyDirective,
    literal,
    para,
    section,
    status_text,
)


class StatusFlowDirective(ScraperskyDirective):
    """The whole pipeline (endpoint -> status -> job -> status -> next job), or one service's."""

    option_spec: ClassVar = {"service": directives.unchanged_required}
    option_help: ClassVar = {
        "service": "show only this service's transitions (service id, job id or need id)"
    }

    @classmethod
    def data(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> object:
        catalog = state.catalog
        return [
            catalog.queues,
            [
                (
                    service.id,
                    service.function,
                    service.registered,
                    service.kind,
                    service.endpoints,
                    service.polls,
                    service.writes,
                )
                for service in catalog.services
            ],
            options.get("service"),
        ]

    def render(self) -> list[nodes.Node]:
        state = self.state_
        catalog = state.catalog
        url = lambda service: self.url_to(state.service_docname(service))  # noqa: E731
        if "service" in self.options:
            service = state.service(self.options["service"])
            if service is None:
                return self.unknown("service", self.options["service"])
            self.depend(service.files)
            return self.graph(
                graphs.service_graph(catalog, service, url),
                f"Status transitions of {service.function}",
            )
        paths = {producer.path for service in catalog.services for producer in service.producers}
        paths |= {service.path for service in catalog.services}
        self.depend(paths)
        body = self.graph(graphs.pipeline_graph(catalog, url), "The status pipeline")
        body.append(
            para(
                "Endpoints (yellow) write statuses (notes) that jobs (green) poll; jobs write "
                "statuses the next job polls. Red: a queue nobody polls; orange: a status a job "
                "waits for that nothing writes; dashed jobs are never registered."
            )
        )
        rows = []
        for queue in catalog.queues:
            pollers: list[nodes.Node | str] = []
            for service_id in queue.pollers:
                service = state.service(service_id)
                if service:
                    pollers += [self.service_link(service), nodes.Text(" ")]
            writers: list[nodes.Node | str] = []
            for writer in queue.writers:
                what = (
                    f"{writer.endpoint.method} {writer.endpoint.path}"
                    if writer.endpoint
                    else f"{writer.function}"
                )
                writers += [literal(what), nodes.Text(" ")]
            verdict = (
                "queue nobody polls"
                if queue.orphan
                else "nothing writes it"
                if queue.unwritten
                else "fed and polled"
            )
            rows.append(
                [literal(status_text(queue.status)), pollers or "–", writers or "–", verdict]
            )
        if rows:
            table_section = section(
                self.state.document, "scrapersky-queues", "Statuses and who moves them"
            )
            table_section += make_table(
                ["Status", "Polled by", "Written by", "State"], rows, widths=[5, 5, 5, 3]
            )
            body.append(table_section)
        return body
