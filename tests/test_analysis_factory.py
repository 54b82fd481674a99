"""Application factories: apps made in a function, routers included through a function
that takes the app as a parameter, prefixes from constants, settings and f-strings."""

from __future__ import annotations

from conftest import analyse_backend


def test_every_route_of_a_factory_app_gets_its_full_path():
    catalog = analyse_backend("factory")
    assert catalog.entry_points == ("app.main",)
    assert sorted((e.method, e.path, e.function, e.mounted) for e in catalog.endpoints) == [
        ("GET", "/api/activities", "list_activities", True),  # ROOT_PATH + "/activities"
        ("GET", "/api/v1/items/", "list_items", True),  # prefix=settings.API_V1_STR
        ("GET", "/api/v1/items/{item_id}", "get_item", True),
        ("GET", "/api/v1/users/me", "read_me", True),  # f"{settings.API_V1_STR}/users"
        ("GET", "/health", "health", True),  # included in the factory itself
        ("POST", "/internal/rebuild", "rebuild", True),  # f"/{settings.SUB_PATH}"
    ]


def test_the_app_is_the_object_the_factory_returns():
    catalog = analyse_backend("factory")
    apps = [router for router in catalog.routers if router.is_app]
    assert [(router.key, router.mounted_at) for router in apps] == [("app.main:app", ("",))]
    assert {router.key: router.mounted_at for router in catalog.routers if not router.is_app} == {
        "app.api.routes.activities:internal": ("/internal",),
        "app.api.routes.activities:router": ("/api/activities",),
        "app.api.routes.health:router": ("",),
        "app.api.routes.items:router": ("/api/v1",),
        "app.api.routes.users:router": ("/api/v1/users",),
    }


def test_a_router_loaded_at_run_time_is_reported_not_guessed():
    catalog = analyse_backend("factory")
    assert [
        (diagnostic.path, diagnostic.line, diagnostic.message)
        for diagnostic in catalog.diagnostics
        if "router" in diagnostic.message
    ] == [("app/main.py", 25, "included router cannot be resolved statically")]
    assert not [finding for finding in catalog.findings if finding.rule == "API3"]


def test_an_app_made_only_by_a_factory_is_the_entry_point():
    catalog = analyse_backend("factory_only")
    assert catalog.entry_points == ("svc.main",)
    assert [(e.method, e.path, e.mounted) for e in catalog.endpoints] == [
        ("GET", "/orders/{order_id}", True)
    ]
    assert not [d for d in catalog.diagnostics if "FastAPI application" in d.message]
