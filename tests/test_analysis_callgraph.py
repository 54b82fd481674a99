"""The call graph's sites by name: found in one sweep for several names (``prefetch``)
or name by name, the same sites in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapersky_services.analysis.parse.discovery import detect_layout, iter_source_files
from scrapersky_services.analysis.parse.extract import extract_module
from scrapersky_services.analysis.resolve.callgraph import CallGraph
from scrapersky_services.analysis.resolve.project import Project

BACKENDS = Path(__file__).parent / "backends"
NAMES = ["where", "execute", "add_job", "FastAPI", "APIRouter", "commit", "no_such_name"]


def _graph(tree: str) -> CallGraph:
    layout = detect_layout(BACKENDS / tree, "")
    modules = {}
    for source in iter_source_files(layout).files:
        facts = extract_module(
            source.path.read_bytes(), source.module, source.relpath, source.is_package
        )
        modules[facts.name] = facts
    return CallGraph(Project(modules))


@pytest.mark.parametrize("tree", ["audit", "realshaped", "statusflow_real"])
def test_prefetched_sites_are_the_sites_found_name_by_name(tree, monkeypatch):
    graph = _graph(tree)
    one_by_one = {name: list(graph.iter_sites(name)) for name in NAMES}
    assert sum(map(len, one_by_one.values())) > 3
    graph.prefetch(NAMES)
    monkeypatch.setattr(graph, "iter_sites", None)  # every name was found by the sweep
    assert {name: graph.sites(name) for name in NAMES} == one_by_one
