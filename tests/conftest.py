"""Shared fixtures: Sphinx's own testing fixtures over the small projects in ``roots/``."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = "sphinx.testing.fixtures"

TESTS = Path(__file__).parent
REPO = TESTS.parent
BACKENDS = TESTS / "backends"
MIRROR = REPO / "src_mirror"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


def analyse_backend(name: str, **options):
    """The catalog of one tiny backend under ``tests/backends`` (no cache)."""
    from scrapersky_services.analysis import AnalysisOptions, analyse

    return analyse(AnalysisOptions(str(BACKENDS / name), **options))


def comparable(catalog) -> dict:
    """The catalog as data, without the machine-specific root path."""
    data = catalog.to_dict()
    data.pop("root")
    return data
