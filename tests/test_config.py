"""Configuration values: declared once, validated at config-inited, bad values fall back."""

from __future__ import annotations

import dataclasses as dc

import pytest
from conftest import BACKENDS
from scrapersky_services.config import ScraperskyConfig, field_default, validate_value

MINIMAL = str(BACKENDS / "minimal")


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    confoverrides={
        "scrapersky_src_root": MINIMAL,
        "scrapersky_api_prefix": 3,
        "scrapersky_entry_points": [1],
    },
)
def test_wrong_type_warns_with_its_name_and_falls_back(app):
    warnings = app.warning.getvalue()
    assert "scrapersky_api_prefix must be a string, got int 3; using the default ''" in warnings
    assert "scrapersky_entry_points must be a list of strings" in warnings
    assert "[scrapersky.config]" in warnings
    assert "conf.py" in warnings  # located in the configuration file
    assert app.config.scrapersky_api_prefix == ""
    assert app.config.scrapersky_entry_points == []
    # Sphinx's own type check did not warn a second time
    assert "has type" not in warnings


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    confoverrides={"scrapersky_src_root": MINIMAL, "scrapersky_api_prefix": "api/v3/"},
)
def test_bad_value_of_the_right_type_falls_back(app):
    assert "scrapersky_api_prefix must be empty or start with '/'" in app.warning.getvalue()
    assert app.config.scrapersky_api_prefix == ""


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    confoverrides={
        "scrapersky_src_root": MINIMAL,
        "scrapersky_session_factory_modules": ("db.session",),
    },
)
def test_tuple_is_accepted_for_a_list(app):
    assert app.warning.getvalue() == ""
    assert app.config.scrapersky_session_factory_modules == ["db.session"]


def test_every_default_is_valid():
    for field in dc.fields(ScraperskyConfig):
        assert validate_value(field, field_default(field)) is None, field.name
        assert field.metadata["help"].strip(), field.name
