"""The drift gates: each fails the build when it should, and only then."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import build


def warnings_of(app) -> str:
    return app.warning.getvalue()


def test_undocumented_service_warns_with_its_location(make_app, shop):
    project, backend = shop
    metadata = project / "services.toml"
    metadata.write_text(
        metadata.read_text().replace("[services.cleanup]", "[services.nothing_here]")
    )
    warnings = warnings_of(build(make_app, project, backend))
    assert "DOC1: service app.jobs.nightly_cleanup has no business outcome" in warnings
    assert f"{backend / 'app' / 'jobs.py'}:17" in warnings
    assert "[scrapersky.undocumented]" in warnings
    # the entry that matches nothing is reported too, at its line
    assert f"{metadata}:6: WARNING: 'nothing_here' names no service" in warnings


def test_outcome_section_in_the_docstring_documents_a_service(make_app, shop):
    project, backend = shop
    metadata = project / "services.toml"
    metadata.write_text(metadata.read_text().replace("[services.cleanup]", "[services.app]"))
    (backend / "app" / "jobs.py").write_text(
        (backend / "app" / "jobs.py")
        .read_text()
        .replace(
            '"""Shipping jobs."""', '"""Shipping jobs.\n\nOutcome:\n    Carts are cleaned.\n"""'
        )
    )
    assert "undocumented" not in warnings_of(build(make_app, project, backend))


def test_stale_and_suspect_triage(make_app, shop):
    project, backend = shop
    triage = project / "triage.toml"
    text = triage.read_text().replace(
        'fingerprint = "a362ef4c7a5a"', 'fingerprint = "000000000000"'
    )
    triage.write_text(text + '\n[findings."TEN1-0BADC0DE"]\ndecision = "fixed"\n')
    warnings = warnings_of(build(make_app, project, backend))
    assert f"{triage}:16: WARNING: stale triage: TEN1-0BADC0DE no longer exists" in warnings
    assert f"{triage}:9: WARNING: suspect triage: the code of MOD1-7BEE3E31 changed" in warnings
    assert "[scrapersky.triage_stale]" in warnings and "[scrapersky.triage_suspect]" in warnings


def test_invalid_triage_entry(make_app, shop):
    project, backend = shop
    triage = project / "triage.toml"
    triage.write_text(triage.read_text() + '\n[findings."API1-FF649464"]\ndecision = "ignored"\n')
    warnings = warnings_of(build(make_app, project, backend))
    assert (
        "API1-FF649464: decision must be one of open, accepted, false-positive, fixed, planned"
        in warnings
    )


def test_broken_need_link_warns(make_app, shop):
    project, backend = shop
    work = project / "work.md"
    work.write_text(
        work.read_text().replace(":resolves: DB1-4E2E39FB", ":resolves: DB1-4E2E39FB, DB2-DEADBEEF")
    )
    assert "unknown outgoing link 'DB2-DEADBEEF'" in warnings_of(build(make_app, project, backend))


def test_untriaged_findings_at_or_above_the_threshold(make_app, shop):
    project, backend = shop
    (project / "triage.toml").write_text("")
    warnings = warnings_of(build(make_app, project, backend))
    assert "untriaged high finding DB1-4E2E39FB" in warnings
    assert "API1" not in warnings  # medium, below the threshold
    assert "untriaged" in warnings_of(
        build(make_app, project, backend, confoverrides={"scrapersky_fail_on": "medium"})
    )
    quiet = build(make_app, project, backend, confoverrides={"scrapersky_fail_on": "none"})
    assert "untriaged" not in warnings_of(quiet)


def test_sphinx_build_with_W_fails_on_a_gate(shop):
    project, backend = shop
    (project / "triage.toml").write_text("")
    ext = Path(__file__).parents[1] / "ext"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-D",
            f"scrapersky_src_root={backend}",
            str(project),
            str(project / "_build" / "w"),
        ],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ext), "PATH": str(Path(sys.executable).parent)},
        check=False,
    )
    assert result.returncode != 0
    assert "untriaged high finding" in result.stderr
