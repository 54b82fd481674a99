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
