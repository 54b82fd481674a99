"""Registration chains from the entry points, their conditions, and jobs nothing registers."""

from __future__ import annotations

from conftest import analyse_backend


def test_registration_chains_and_conditions():
    catalog = analyse_backend("registration")
    services = catalog.services_by_id
    crunch = services["app.jobs.worker.crunch"].registration
    assert crunch.entry == "lifespan"
    assert crunch.condition == "settings.ROLE == 'worker'"
    assert crunch.enabled_by_default is False
    assert [(step.module, step.function) for step in crunch.chain] == [
        ("app.main", "lifespan"),
        ("app.jobs.worker", "setup_worker"),
    ]
    geocode = services["app.jobs.maps.geocode"].registration
    assert geocode.condition == "settings.MAPS_KEY"  # the early return when it is unset
    assert geocode.enabled_by_default is False
    collect = services["app.jobs.metrics.collect"].registration
    assert (collect.condition, collect.enabled_by_default) == ("settings.METRICS", True)
    warm = services["app.jobs.import_time.warm_cache"]
    assert warm.registered and warm.registration.entry == "import"
    assert warm.registration.condition is None


def test_jobs_nothing_registers():
    catalog = analyse_backend("registration")
    services = catalog.services_by_id
    assert not services["app.jobs.forgotten.old_sync"].registered  # module never imported
    assert not services["app.jobs.unused_setup.nightly"].registered  # imported, never called
    svc1 = sorted(finding.module for finding in catalog.findings if finding.rule == "SVC1")
    assert svc1 == ["app.jobs.forgotten", "app.jobs.unused_setup"]
    svc2 = sorted(finding.module for finding in catalog.findings if finding.rule == "SVC2")
    assert svc2 == ["app.jobs.maps", "app.jobs.metrics", "app.jobs.worker"]
    assert all(finding.severity == "info" for finding in catalog.findings if finding.rule == "SVC2")
