"""Generic polling loops: functions that call a helper which polls a status column in a
loop (the status flow finds the helpers), unless a service found by another kind already
runs that function. Runs after the other kinds, since it looks at what their code reaches.
"""

from __future__ import annotations

from ..resolve.callgraph import FuncKey
from .base import Kind, RawService, ServiceFinder

KINDS = (Kind("polling-loop", "Polling loop"),)
ORDER = 90


def find(finder: ServiceFinder) -> None:
    assert finder.flow is not None, "polling loops are found from the status flow"
    covered: dict[FuncKey, list[RawService]] = {}
    for service in finder.services:
        for key in finder.flow_of(service).functions:
            covered.setdefault(key, []).append(service)
    helpers = finder.flow.generic_helpers()
    for helper in sorted(helpers):
        for site in finder.graph.callers(helper):
            if site.kind != "call":
                continue
            owners = covered.get(site.caller)
            if owners:
                for owner in owners:
                    owner.loop_helper = owner.loop_helper or helper
                continue
            service = RawService("polling-loop", site.caller, finder.loop_trigger(site.caller))
            service.loop_helper = helper
            service.site = (site.module, site.scope, site.line)
            _, reached = finder.endpoints_above(site.caller)
            service.registered = reached or finder.roots.entry(site.caller) is not None
            finder.set_flow(service, finder.flow.tree_flow(site.caller))
            finder.services.append(service)
