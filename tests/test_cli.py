"""The command line: both subcommands, their output and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import BACKENDS, MIRROR
from conftest import run_cli as run

EXT = Path(__file__).parents[1] / "ext"


def test_analyse_writes_the_json_catalog(tmp_path):
    out = tmp_path / "services.json"
    result = run("analyse", str(MIRROR), "-o", str(out), "--cache-dir", str(tmp_path / "cache"))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    assert data["schema_version"] == 1
    assert data["package"] == "src"
    for key in ("modules", "imports", "services", "endpoints", "findings", "unreachable_modules"):
        assert data[key], key
    service = next(item for item in data["services"] if item["job_id"] == "domain_worker")
    assert set(service["trigger"]) >= {
        "type",
        "every_seconds",
        "cron",
        "expression",
        "setting",
        "setting_default",
    }
    assert set(service["registration"]) >= {"module", "function", "line", "condition"}
    assert set(data["findings"][0]) >= {
        "id",
        "rule",
        "severity",
        "module",
        "path",
        "line",
        "symbol",
        "message",
        "fingerprint",
    }
    assert all(not module["path"].startswith("/") for module in data["modules"])


def test_analyse_is_deterministic_and_cached(tmp_path):
    first = run("analyse", str(MIRROR), "--cache-dir", str(tmp_path))
    second = run("analyse", str(MIRROR), "--cache-dir", str(tmp_path))
    uncached = run("analyse", str(MIRROR), "--no-cache")
    assert first.returncode == second.returncode == uncached.returncode == 0
    assert first.stdout == second.stdout == uncached.stdout
    assert list(tmp_path.glob("tree-*/facts.pickle"))


def test_cached_facts_after_an_edit_match_a_cold_analysis(tmp_path):
    """One changed file: the others come from the cache, and the result is the same."""
    tree = tmp_path / "tree"
    shutil.copytree(MIRROR, tree)
    cache = tmp_path / "cache"
    assert run("analyse", str(tree), "--cache-dir", str(cache)).returncode == 0
    module = tree / "src" / "services" / "sitemap_import_scheduler.py"
    module.write_text(module.read_text().replace('"""', '"""Edited. ', 1))
    warm = run("analyse", str(tree), "--cache-dir", str(cache))
    cold = run("analyse", str(tree), "--no-cache")
    assert warm.returncode == cold.returncode == 0, warm.stderr
    assert warm.stdout == cold.stdout
    assert "Edited." in warm.stdout


def test_table_format():
    result = run("analyse", str(BACKENDS / "triggers"), "--format", "table", "--no-cache")
    assert result.returncode == 0
    assert "svc.jobs.d" in result.stdout and "cron day_of_week=mon-fri hour=6" in result.stdout


def test_entry_and_package_options():
    result = run(
        "analyse", str(BACKENDS / "registration"), "--entry", "app.jobs.forgotten", "--no-cache"
    )
    data = json.loads(result.stdout)
    assert data["entry_points"] == ["app.jobs.forgotten"]
    assert "app.main" in data["unreachable_modules"]
    bad = run("analyse", str(BACKENDS / "registration"), "--entry", "app.nope", "--no-cache")
    assert "entry point 'app.nope' is not a module of the tree" in bad.stderr


def test_audit_exit_codes(tmp_path):
    tree = str(BACKENDS / "routes")
    failing = run("audit", tree, "--no-cache")
    assert failing.returncode == 1  # API2 and API3 are high
    assert "API3-" in failing.stdout and "open" in failing.stdout
    assert run("audit", tree, "--no-cache", "--fail-on", "none").returncode == 0
    # low findings do not fail a high threshold once the high ones are triaged
    data = json.loads(run("analyse", tree, "--no-cache").stdout)
    triage = tmp_path / "triage.toml"
    lines = []
    for finding in data["findings"]:
        if finding["severity"] == "high":
            lines += [
                f'[findings."{finding["id"]}"]',
                'decision = "accepted"',
                'reason = "known"',
                f'fingerprint = "{finding["fingerprint"]}"',
                "",
            ]
    triage.write_text("\n".join(lines))
    passing = run("audit", tree, "--no-cache", "--triage", str(triage))
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "accepted" in passing.stdout
    assert (
        run("audit", tree, "--no-cache", "--triage", str(triage), "--fail-on", "low").returncode
        == 1
    )


def test_audit_reports_stale_and_suspect_triage(tmp_path):
    tree = str(BACKENDS / "routes")
    data = json.loads(run("analyse", tree, "--no-cache").stdout)
    finding = data["findings"][0]
    triage = tmp_path / "triage.toml"
    triage.write_text(
        f'[findings."{finding["id"]}"]\ndecision = "accepted"\nfingerprint = "000000000000"\n\n'
        '[findings."API9-DEADBEEF"]\ndecision = "fixed"\n'
    )
    result = run("audit", tree, "--no-cache", "--triage", str(triage), "--fail-on", "none")
    assert result.returncode == 0
    assert f"{triage}:1: suspect triage: the code of {finding['id']} changed" in result.stderr
    assert f"{triage}:5: stale triage: API9-DEADBEEF no longer exists" in result.stderr


def test_missing_source_root_is_a_clear_error(tmp_path):
    result = run("analyse", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr
