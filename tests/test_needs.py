"""The need ids of the audit trail: every finding's id is one sphinx-needs accepts."""

from __future__ import annotations

import re
from types import SimpleNamespace

from scrapersky_services.analysis.passes import finding_id
from scrapersky_services.analysis.rules import RULES
from scrapersky_services.sphinx_ext.needs import SPHINX_NEEDS_DEFAULT_ID_REGEX, merge_needs_config


def _configured_id_regex() -> str:
    """The ``needs_id_regex`` the extension sets on a project that left the default."""
    config = SimpleNamespace(
        needs_links={}, needs_fields={}, needs_id_regex=SPHINX_NEEDS_DEFAULT_ID_REGEX
    )
    merge_needs_config(None, config)
    return config.needs_id_regex


def test_a_finding_of_every_registered_rule_has_a_valid_need_id():
    pattern = _configured_id_regex()
    for code in RULES:
        # sphinx-needs' add_need checks ids with re.match against needs_id_regex
        assert re.match(pattern, finding_id(code, "pkg.mod", "function", "key")), code
    for need_id in ("MAN-DB-SESSION", "SRV-0A1B2C3D", "WO-12", "WOI-12-3"):
        assert re.match(pattern, need_id), need_id
    for need_id in ("XYZ1-0A1B2C3D", "DB1-", "DB1-lower", "db1-0A1B2C3D"):
        assert not re.match(pattern, need_id), need_id


def test_the_id_pattern_follows_the_rule_registry(monkeypatch):
    """A rule added to the registry needs no other edit for its findings to be needs
    (with a hand-written list of codes, ``add_need`` raised on them)."""
    monkeypatch.setitem(RULES, "NEW9", RULES["DB1"])
    assert re.match(_configured_id_regex(), finding_id("NEW9", "pkg.mod", "function", "key"))
