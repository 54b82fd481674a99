"""Engine-neutral graph models (import chains, status flow) and their DOT text.

DOT is written with the ``graphviz`` package so quoting is right; every label, tooltip
and URL taken from the documented code goes through :func:`graphviz.escape` (no backslash
escapes, no HTML-like labels), and ``&`` in URLs is written ``&amp;``.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

import graphviz

from ..analysis.catalog import Catalog, strongly_connected
from ..analysis.records import Service

#: Defaults for the import-chain diagram (config values override them).
MAX_DEPTH = 4
MAX_NODES = 40

FONT = "Helvetica"


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    url: str | None = None
    tooltip: str = ""
    group: str = ""
    """Cluster the node is drawn in (a package); ``""`` for none."""
    kind: str = "module"
    """``module``, ``focus``, ``service``, ``endpoint``, ``status``."""
    flags: tuple[str, ...] = ()
    """``finding`` (modules with findings), ``cycle``, ``orphan``, ``unwritten``; sorted
    (a tuple, not a set: a view holding the graph has the same digest in every process)."""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str = ""
    style: str = "solid"
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Graph:
    """A diagram, frozen: directives keep it in the view whose digest they record."""

    name: str
    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    clusters: tuple[tuple[str, str], ...] = ()
    """(cluster key, label) pairs."""
    direction: str = "LR"
    note: str = ""
    """Shown under the diagram when it was cut to its limits."""
    external: tuple[str, ...] = ()
    """External packages the drawn modules import (listed, not drawn)."""

    def with_urls(self, url_of: Callable[[str], str | None]) -> Graph:
        """The same graph with each node's URL replaced by ``url_of(url)`` (a view holds
        target documents; the page that shows it turns them into relative URLs)."""
        return replace(
            self,
            nodes=tuple(
                replace(node, url=url_of(node.url) if node.url else None) for node in self.nodes
            ),
        )


def import_graph(
    catalog: Catalog,
    module: str,
    url_for: Callable[[str], str | None],
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> Graph:
    """The intra-project imports of ``module``, transitively, clustered by package."""
    depth_of = {module: 0}
    queue = deque([module])
    cut_depth = cut_count = 0
    while queue:
        current = queue.popleft()
        for target in catalog.internal_targets(current):
            if target in depth_of:
                continue
            if depth_of[current] + 1 > max_depth:
                cut_depth += 1
                continue
            if len(depth_of) >= max_nodes:
                cut_count += 1
                continue
            depth_of[target] = depth_of[current] + 1
            queue.append(target)
    drawn = list(depth_of)
    hidden = len(set(catalog.closure(module)) - set(drawn))
    edges = {name: set(catalog.internal_targets(name)) & set(drawn) for name in drawn}
    cyclic: set[str] = set()
    for component in strongly_connected(drawn, edges):
        if len(component) > 1:
            cyclic |= component
    with_findings = {finding.module for finding in catalog.findings}
    ids = {name: f"m{position}" for position, name in enumerate(drawn)}
    package = catalog.package
    clusters: dict[str, str] = {}
    nodes: list[Node] = []
    for name in drawn:
        record = catalog.modules_by_name.get(name)
        parent = name if record is not None and record.is_package else name.rpartition(".")[0]
        group = parent if parent and parent != package else ""
        if group:
            clusters[group] = group
        flags = set()
        if name in with_findings:
            flags.add("finding")
        if name in cyclic:
            flags.add("cycle")
        if group and group == name:
            label = "__init__"
        else:
            label = name.rpartition(".")[2] if group else name
        summary = record.summary if record else ""
        nodes.append(
            Node(
                ids[name],
                label,
                url_for(name),
                f"{name}: {summary}" if summary else name,
                group,
                "focus" if name == module else "module",
                tuple(sorted(flags)),
            )
        )
    edges: list[Edge] = []
    for source in drawn:
        kinds = {}
        for record in catalog.imports_of(source):
            if record.target in ids and record.target != source and record.internal:
                kinds.setdefault(record.target, set()).add(record.kind)
        for target in sorted(kinds):
            kind = kinds[target]
            style = "solid" if "top" in kind else ("dashed" if "function" in kind else "dotted")
            flags = ("cycle",) if source in cyclic and target in cyclic else ()
            edges.append(Edge(ids[source], ids[target], style=style, flags=flags))
    note = (
        f"{hidden} more module(s) of the import chain are not drawn "
        f"(limits: depth {max_depth}, {max_nodes} modules)."
        if hidden
        else ""
    )
    return Graph(
        f"imports_{module}",
        tuple(nodes),
        tuple(edges),
        tuple(clusters.items()),
        note=note,
        external=tuple(catalog.external_imports(drawn)),
    )


def status_label(model: str, field: str, value: object) -> str:
    return f"{model}.{field} = {value}"


class _Builder:
    """Adds nodes and edges once each, with stable ids in insertion order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self.ids: dict[tuple, str] = {}
        self.edge_keys: set[tuple[str, str, str]] = set()

    def graph(self) -> Graph:
        return Graph(self.name, tuple(self.nodes), tuple(self.edges), direction="LR")

    def node(self, key: tuple, make: Callable[[str], Node]) -> str:
        if key not in self.ids:
            self.ids[key] = f"n{len(self.ids)}"
            self.nodes.append(make(self.ids[key]))
        return self.ids[key]

    def edge(
        self,
        source: str,
        target: str,
        label: str = "",
        style: str = "solid",
        flags: tuple[str, ...] = (),
    ) -> None:
        if (source, target, label) not in self.edge_keys:
            self.edge_keys.add((source, target, label))
            self.edges.append(Edge(source, target, label, style, flags))


def _status_node(builder: _Builder, status, flags: tuple[str, ...] = ()) -> str:
    enum = status.enum.rpartition(":")[2]
    return builder.node(
        ("status", status.model, status.field, repr(status.value)),
        lambda identifier: Node(
            identifier,
            status_label(status.model, status.field, status.value),
            tooltip=f"{enum}.{status.member}" if enum else repr(status.value),
            kind="status",
            flags=flags,
        ),
    )


def _service_node(
    builder: _Builder, service: Service, url_for_service: Callable[[Service], str | None]
) -> str:
    flags = () if service.registered else ("unregistered",)
    return builder.node(
        ("service", service.id),
        lambda identifier: Node(
            identifier,
            service.function.rpartition(".")[2],
            url_for_service(service),
            service.id,
            kind="service",
            flags=flags,
        ),
    )


def _writer_node(
    builder: _Builder, catalog: Catalog, writer, url_for_service: Callable[[Service], str | None]
) -> str:
    if writer.service and writer.service in catalog.services_by_id:
        return _service_node(builder, catalog.services_by_id[writer.service], url_for_service)
    if writer.endpoint is not None:
        label = f"{writer.endpoint.method} {writer.endpoint.path}"
        return builder.node(
            ("endpoint", label),
            lambda identifier: Node(
                identifier, label, tooltip=f"{writer.module}.{writer.function}", kind="endpoint"
            ),
        )
    return builder.node(
        ("code", writer.module, writer.function),
        lambda identifier: Node(
            identifier,
            writer.function.rpartition(".")[2] or writer.module,
            tooltip=f"{writer.module}.{writer.function}",
            kind="code",
        ),
    )


def pipeline_graph(catalog: Catalog, url_for_service: Callable[[Service], str | None]) -> Graph:
    """The whole pipeline: endpoint -> status -> job -> status -> next job; orphan queues
    and statuses nothing writes are marked."""
    builder = _Builder("pipeline")
    for queue in catalog.queues:
        flags = ("orphan",) if queue.orphan else ("unwritten",) if queue.unwritten else ()
        status = _status_node(builder, queue.status, flags)
        for service_id in queue.pollers:
            service = catalog.services_by_id[service_id]
            builder.edge(status, _service_node(builder, service, url_for_service), "polls")
        for writer in queue.writers:
            if writer.service and writer.service in queue.pollers:
                continue  # a service moving its own rows on
            builder.edge(
                _writer_node(builder, catalog, writer, url_for_service),
                status,
                "writes",
                flags=flags,
            )
    for service in catalog.services:
        if service.trigger.type != "endpoint":
            continue
        target = _service_node(builder, service, url_for_service)
        for ref in service.endpoints:
            label = f"{ref.method} {ref.path}"
            source = builder.node(
                ("endpoint", label),
                lambda identifier, label=label, ref=ref: Node(
                    identifier, label, tooltip=f"{ref.module}.{ref.function}", kind="endpoint"
                ),
            )
            builder.edge(source, target, "starts", style="dashed")
    return builder.graph()


def service_graph(
    catalog: Catalog, service: Service, url_for_service: Callable[[Service], str | None]
) -> Graph:
    """One service as a state transition: the statuses it polls, itself, what it writes."""
    builder = _Builder(f"service_{service.id}")
    me = _service_node(builder, service, url_for_service)
    for poll in service.polls:
        builder.edge(_status_node(builder, poll), me, "polls")
    for write in service.writes:
        builder.edge(me, _status_node(builder, write), "writes", style="dashed")
    return builder.graph()


STYLES = {
    "module": {
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "#f5f7fa",
        "color": "#8a94a6",
    },
    "focus": {
        "shape": "box",
        "style": "rounded,filled,bold",
        "fillcolor": "#dbe9ff",
        "color": "#2f6fde",
    },
    "service": {
        "shape": "component",
        "style": "filled",
        "fillcolor": "#e4f4e4",
        "color": "#3c8a3c",
    },
    "endpoint": {"shape": "cds", "style": "filled", "fillcolor": "#fff4d6", "color": "#b7891c"},
    "status": {"shape": "note", "style": "filled", "fillcolor": "#ffffff", "color": "#6b7280"},
    "code": {"shape": "box", "style": "dashed", "color": "#6b7280"},
}
FLAG_STYLES = {
    "finding": {"color": "#c2410c", "penwidth": "2"},
    "cycle": {"fillcolor": "#fde2e2"},
    "orphan": {"color": "#b91c1c", "fillcolor": "#fde2e2", "fontcolor": "#7f1d1d"},
    "unwritten": {"color": "#b45309", "fillcolor": "#fff1db"},
    "unregistered": {"style": "dashed", "fillcolor": "#f3f4f6"},
}


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def dot_text(text: str) -> str:
    """Text from the code as a DOT label or tooltip: control characters (which no SVG may
    hold) become spaces, and every ``&`` is written ``&amp;``, so that text such as
    ``&#1;`` is shown as written instead of becoming a character."""
    return graphviz.escape(_CONTROL.sub(" ", text).replace("&", "&amp;"))


def safe_url(url: str) -> str:
    """A URL as a DOT attribute: ``&`` written ``&amp;`` (a bare one breaks the SVG)."""
    return graphviz.escape(url.replace("&amp;", "&").replace("&", "&amp;"))


def to_dot(graph: Graph) -> str:
    """DOT text for a graph model; same model, same bytes."""
    dot = graphviz.Digraph(
        name="G",
        graph_attr={
            "rankdir": graph.direction,
            "fontname": FONT,
            "fontsize": "11",
            "bgcolor": "transparent",
            "nodesep": "0.25",
            "ranksep": "0.45",
        },
        node_attr={"fontname": FONT, "fontsize": "10", "target": "_top"},
        edge_attr={"fontname": FONT, "fontsize": "9", "color": "#6b7280", "arrowsize": "0.7"},
    )
    clusters = dict(graph.clusters)
    by_cluster: dict[str, list[Node]] = {}
    for node in graph.nodes:
        by_cluster.setdefault(node.group, []).append(node)

    def emit(target: graphviz.Digraph, node: Node) -> None:
        attributes = dict(STYLES.get(node.kind, STYLES["module"]))
        for flag in sorted(node.flags):
            attributes.update(FLAG_STYLES.get(flag, {}))
        attributes["label"] = dot_text(node.label)
        attributes["tooltip"] = dot_text(node.tooltip or node.label)
        if node.url:
            attributes["URL"] = safe_url(node.url)
        target.node(node.id, **attributes)

    for position, group in enumerate(sorted(by_cluster)):
        if not group:
            for node in by_cluster[group]:
                emit(dot, node)
            continue
        with dot.subgraph(name=f"cluster_{position}") as cluster:
            cluster.attr(
                label=dot_text(clusters.get(group, group)),
                style="rounded,dashed",
                color="#c4cad4",
                fontcolor="#4b5563",
            )
            for node in by_cluster[group]:
                emit(cluster, node)
    for item in graph.edges:
        attributes = {"style": item.style}
        if item.label:
            attributes["label"] = dot_text(item.label)
        if "cycle" in item.flags:
            attributes.update(color="#dc2626", penwidth="1.6")
        if "orphan" in item.flags or "unwritten" in item.flags:
            attributes.update(color="#b91c1c")
        dot.edge(item.source, item.target, **attributes)
    return dot.source
