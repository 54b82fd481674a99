"""Settings the way other backends keep them: nested pydantic models, python-decouple and
os.getenv in a config.py at the top of the repository, beside the package."""

from __future__ import annotations

from conftest import analyse_backend


def _triggers():
    catalog = analyse_backend("settings_nested")
    return catalog, {
        service.function: (
            service.trigger.every_seconds,
            service.trigger.cron,
            service.trigger.setting,
            service.trigger.setting_default,
        )
        for service in catalog.services
    }


def test_a_config_module_beside_the_package_is_read_with_it():
    catalog, _ = _triggers()
    assert catalog.package == "app"
    assert "config" in catalog.modules_by_name  # imported by app.main: `import config`
    assert catalog.modules_by_name["config"].path == "config.py"


def test_intervals_from_nested_and_environment_settings_have_their_defaults():
    _, triggers = _triggers()
    assert triggers == {
        # settings.jobs.review_interval: a model field of a nested settings group
        "review": (300, None, "jobs.review_interval", 300),
        "digest": (None, {"hour": "settings.jobs.digest_hour (7)"}, "jobs.digest_hour", 7),
        # Field(default_factory=MailSettings), the field with an alias
        "retry_mail": (45, None, "mail.retry_seconds", 45),
        # decouple: config("CLEANUP_MINUTES", default=30, cast=int), in minutes
        "cleanup": (1800, None, "CLEANUP_MINUTES", 30),
        # int(os.getenv("REPORT_HOUR", "6"))
        "report": (None, {"hour": "settings.REPORT_HOUR (6)"}, "REPORT_HOUR", 6),
    }


def test_nothing_about_these_intervals_is_reported_as_unknown():
    catalog, _ = _triggers()
    assert not [d for d in catalog.diagnostics if "computed at run time" in d.message]
