"""Settings: defaults from every style of settings code, and reads resolved to them."""

from __future__ import annotations

from conftest import analyse_backend


def _triggers(catalog):
    return {service.id: service.trigger for service in catalog.services}


def test_setting_defaults_of_every_style():
    catalog = analyse_backend("settings_styles")
    settings = {setting.name: setting.default for setting in catalog.settings}
    assert settings["SYNC_MINUTES"] == 5  # plain class attribute
    assert settings["SYNC_BATCH"] == 50  # Field(default=...)
    assert settings["PURGE_DAYS"] == 7  # Field(7)
    assert settings["TOKEN"] is None
    assert settings["REPORT_HOURS"] == 12  # int(os.getenv("X", "12"))
    assert settings["AUDIT_SECONDS"] == 45  # starlette Config(...)("X", cast=int, default=45)
    assert settings["EXPORT_MINUTES"] == 20  # environs env.int("X", 20)


def test_reads_resolve_to_settings_and_their_defaults():
    triggers = _triggers(analyse_backend("settings_styles"))
    assert triggers["app.jobs.sync"].setting == "SYNC_MINUTES"
    assert triggers["app.jobs.sync"].every_seconds == 300
    assert triggers["app.jobs.purge"].setting == "PURGE_DAYS"  # through get_settings()
    assert triggers["app.jobs.purge"].every_seconds == 7 * 86400
    assert triggers["app.jobs.report"].every_seconds == 12 * 3600
    assert triggers["app.jobs.audit"].every_seconds == 45
    assert triggers["app.jobs.export"].every_seconds == 1200
    # getattr(settings, "FALLBACK_MINUTES", 15): not a declared setting, the fallback counts
    assert triggers["app.jobs.fallback"].every_seconds == 900
    # settings imported inside the function, scaled by a constant
    slow = triggers["app.jobs.sync#sync_slow"]
    assert (slow.setting, slow.every_seconds) == ("SYNC_MINUTES", 600)


def test_job_kwargs_show_the_setting_and_default():
    catalog = analyse_backend("settings_styles")
    sync = catalog.services_by_id["app.jobs.sync"]
    assert sync.kwargs == {"batch": "settings.SYNC_BATCH (default 50)"}


def test_reads_are_listed_per_setting():
    catalog = analyse_backend("settings_styles")
    reads = {setting.name: setting.reads for setting in catalog.settings}
    assert "app.jobs:setup_jobs" in reads["SYNC_MINUTES"]
    assert "app.jobs:_late_setup" in reads["SYNC_MINUTES"]
