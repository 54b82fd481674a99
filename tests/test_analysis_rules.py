"""The code-level audit rules, and the stable ids and fingerprints of findings."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

from conftest import BACKENDS, analyse_backend
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapersky_services.analysis import AnalysisOptions, analyse
from scrapersky_services.analysis.rules import RULES, api3


def _rules(catalog, *codes):
    return sorted(
        (finding.rule, finding.module, finding.symbol)
        for finding in catalog.findings
        if finding.rule in codes
    )


def test_database_rules_respect_the_session_factory():
    catalog = analyse_backend("audit", session_factory_modules=("db.session",))
    assert _rules(catalog, "DB1") == [
        ("DB1", "app.legacy_db", ""),
        ("DB1", "app.legacy_db", "raw_connection"),
    ]
    assert _rules(catalog, "DB2") == [
        ("DB2", "app.repo", "by_tenant"),
        ("DB2", "app.repo", "recent"),
        ("DB2", "app.repo", "report"),  # a module constant holding SQL, passed to execute
    ]
    assert _rules(catalog, "TEN1") == [
        ("TEN1", "app.repo", "by_tenant"),
        ("TEN1", "app.repo", "count_for"),
    ]
    assert _rules(catalog, "ERR1") == [
        ("ERR1", "app.errors", "AppErrorService"),
        ("ERR1", "app.main", ""),
        ("ERR1", "app.main", ""),
    ]


def test_default_session_module_flags_the_factory_too():
    catalog = analyse_backend("audit")
    assert ("DB1", "app.db.session", "") in _rules(catalog, "DB1")


def test_every_rule_is_declared_with_severity_and_mandate():
    assert set(RULES) == {
        "DB1",
        "DB2",
        "TEN1",
        "API1",
        "API2",
        "API3",
        "ERR1",
        "SVC1",
        "SVC2",
        "SVC3",
        "FLOW1",
        "FLOW2",
        "FLOW3",
        "FLOW4",
        "MOD1",
        "MOD2",
        "DOC1",
    }
    for rule in RULES.values():
        assert rule.severity in ("high", "medium", "low", "info")
        assert rule.mandate.startswith("MAN-") and rule.rationale and rule.title


def test_ids_survive_edits_elsewhere_and_fingerprints_follow_the_code(tmp_path):
    tree = tmp_path / "audit"
    shutil.copytree(BACKENDS / "audit", tree)
    before = {finding.id: finding for finding in analyse(AnalysisOptions(str(tree))).findings}
    repo = tree / "app" / "repo.py"
    text = repo.read_text()
    # insert lines above everything (every line number moves) and change one query
    text = "# a comment\n# another\n\n" + text.replace("LIMIT 10", "LIMIT 20")
    repo.write_text(text)
    after = {finding.id: finding for finding in analyse(AnalysisOptions(str(tree))).findings}
    assert set(before) == set(after)
    moved = [
        finding_id for finding_id in before if before[finding_id].line != after[finding_id].line
    ]
    assert moved  # lines moved, ids did not
    changed = [
        finding_id
        for finding_id in before
        if before[finding_id].fingerprint != after[finding_id].fingerprint
    ]
    assert len(changed) == 1 and after[changed[0]].symbol == "recent"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["GET", "POST"]),
            st.lists(
                st.sampled_from(["api", "v3", "jobs", "status", "{id}", "{id:int}"]),
                min_size=1,
                max_size=4,
            ),
        ),
        max_size=12,
    )
)
def test_api3_buckets_find_what_comparing_every_pair_finds(routes):
    """The bucketed lookup reports exactly the routes a scan of every earlier one would."""
    endpoints = [
        SimpleNamespace(
            method=method,
            path="/" + "/".join(parts),
            mounted=True,
            module="m",
            function=f"f{n}",
            line=n,
        )
        for n, (method, parts) in enumerate(routes)
    ]
    context = SimpleNamespace(routes=SimpleNamespace(endpoints=endpoints))
    found = {finding.line for finding in api3.check(context)}
    expected = {
        later.line
        for position, later in enumerate(endpoints)
        if any(
            earlier.method == later.method and api3._shadows(earlier.path, later.path)
            for earlier in endpoints[:position]
        )
    }
    assert found == expected
