"""Routers and endpoints: full paths through include chains, loops and conditions."""

from __future__ import annotations

from conftest import analyse_backend


def test_full_paths_in_registration_order():
    catalog = analyse_backend("routes")
    paths = [
        (endpoint.method, endpoint.path, endpoint.function)
        for endpoint in catalog.endpoints
        if endpoint.mounted
    ]
    assert paths == [
        ("GET", "/api/v3/users/{user_id}", "get_user"),
        ("GET", "/api/v3/users/me", "me"),
        ("GET", "/api/v3/users/{user_id:int}/orders", "orders"),
        ("GET", "/api/v3/users/count/orders", "count_orders"),
        ("GET", "/api/v3/users", "list_users"),  # add_api_route
        ("POST", "/api/v3/catalog/v/items/", "create_item"),  # nested include, settings prefix
        ("DELETE", "/api/v3/api/v3/admin/cache", "clear_cache"),
        ("GET", "/v1/items", "old_items"),
        ("GET", "/healthz", "healthz"),
        ("GET", "/api/v3/ping", "ping"),
        ("HEAD", "/api/v3/ping", "ping"),
    ]


def test_conditions_mounts_and_unmounted_routers():
    catalog = analyse_backend("routes")
    admin = next(endpoint for endpoint in catalog.endpoints if endpoint.function == "clear_cache")
    assert admin.condition == "settings.ENABLE_ADMIN"
    assert [(mount.path, mount.module) for mount in catalog.mounts] == [("/static", "api.main")]
    unmounted = [endpoint for endpoint in catalog.endpoints if not endpoint.mounted]
    assert [(endpoint.path, endpoint.function) for endpoint in unmounted] == [("/nowhere/x", "x")]


def test_route_findings():
    catalog = analyse_backend("routes")
    found = sorted(
        (finding.rule, finding.symbol)
        for finding in catalog.findings
        if finding.rule.startswith("API")
    )
    # /{user_id:int}/orders does not shadow /count/orders: the int converter rejects a word
    assert found == [
        ("API1", "healthz"),
        ("API1", "old_items"),
        ("API2", "clear_cache"),
        ("API3", "me"),
    ]
