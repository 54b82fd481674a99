"""A real backend as the first-class case: the data folder, configuration without conf.py,
the first-run ``init``, the drift gate, and a site that shows nothing of the mirror.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BACKENDS, REPO, build, run_cli, site_copy, sphinx_build
from scrapersky_services.analysis.provenance import tree_revision
from scrapersky_services.analysis.rules import select_rules
from scrapersky_services.init import common_prefix

#: Words that belong to the mirror's backend (ScraperSky) and its data, never to another's.
MIRROR_WORDS = (
    "ScraperSky",
    "Supabase",
    "Supavisor",
    "Google Maps",
    "tenant_id",
    "ErrorService",
    "WO-BGS",
    "WOI-RAWSQL",
    "WOI-DBCONS",
    "/api/v3",
    "src_mirror",
    "curation",
)


#: Names of the demo (its tree, its data folder, its services) that the extension's own pages
#: (reference, API) use nowhere, so that they read right in a site for any tree.
DEMO_WORDS = ("src_mirror", "mirror-data", "domain_scheduler", "domain_worker", "WF1")


def visible_text(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", text, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def site_pages(root: Path) -> list[Path]:
    """Every page about the documented backend (the extension's own API and reference pages,
    which document this product, are left out)."""
    return [
        page
        for page in sorted(root.rglob("*.html"))
        if not page.relative_to(root)
        .as_posix()
        .startswith(
            ("apidocs/scrapersky_services", "reference/", "performance", "_static", "genindex")
        )
    ]


def clean_backend(tmp_path: Path) -> Path:
    """The real-shaped backend without the file only Python 3.14 parses (a -W build must
    pass on it), as a git checkout."""
    backend = tmp_path / "backend"
    shutil.copytree(BACKENDS / "realshaped", backend)
    (backend / "src" / "tasks" / "email_scraper.py").unlink()
    # a second job, with a docstring but no outcome
    (backend / "src" / "services" / "background" / "purge_scheduler.py").write_text(
        '"""Purge jobs."""\n'
        "from ...scheduler_instance import scheduler\n\n\n"
        "async def purge_expired():\n"
        '    """Delete expired profiles every hour."""\n\n\n'
        "def setup_purge_scheduler():\n"
        '    scheduler.add_job(purge_expired, "interval", hours=1, id="purge")\n'
    )
    add_setup_call(backend, "purge_scheduler")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=backend, check=True)
    subprocess.run(["git", "add", "-A"], cwd=backend, check=True)
    subprocess.run([*git, "commit", "-qm", "first"], cwd=backend, check=True)
    return backend


def add_setup_call(backend: Path, module: str) -> None:
    """Register ``services/background/<module>.py``'s job from the application's start-up."""
    name = module.removesuffix("_scheduler")
    main = backend / "src" / "main.py"
    main.write_text(
        main.read_text()
        .replace(
            "from .services.background.domain_scheduler import setup_domain_scheduler",
            "from .services.background.domain_scheduler import setup_domain_scheduler\n"
            f"from .services.background.{module} import setup_{name}_scheduler",
        )
        .replace(
            "    setup_domain_scheduler()",
            f"    setup_domain_scheduler()\n    setup_{name}_scheduler()",
        )
    )


# -- the site for another tree -----------------------------------------------------------------


@pytest.mark.slow
def test_another_tree_without_data_shows_nothing_of_the_mirror(tmp_path):
    backend = BACKENDS / "prefixless"
    project = site_copy(tmp_path / "project")
    result = sphinx_build(project, env={"SCRAPERSKY_SRC": str(backend)})
    # without a data folder its one service has no outcome: the drift gate says so, and
    # that is the only thing it says (the site is written all the same)
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert warnings and all(
        "[scrapersky.undocumented]" in line or "[scrapersky.analysis]" in line for line in warnings
    ), result.stderr[-3000:]
    root = project / "_build" / "html"
    pages = site_pages(root)
    assert len(pages) > 10
    for page in pages:
        text = visible_text(page)
        for word in MIRROR_WORDS:
            assert word not in text, (page.relative_to(root), word)
    # the extension's own pages name nothing of the demo, the benchmark report (measured on
    # the demo) included: it shows its introduction only
    own = [
        root / "performance.html",
        *sorted(root.glob("reference/*.html")),
        *sorted(root.glob("apidocs/scrapersky_services/*.html")),
    ]
    assert len(own) > 10
    for page in own:
        text = page.read_text(encoding="utf-8")
        for word in DEMO_WORDS:
            assert word not in text, (page.relative_to(root), word)
    assert "are published with the demo" in visible_text(root / "performance.html")
    home = visible_text(root / "index.html")
    assert "<title>Background services" in (root / "index.html").read_text()
    assert "Built from prefixless" in home
    # no outcome, triage decision or work order of the mirror's data reached the site
    assert not (root / "backend" / "guide.html").exists()
    assert not (root / "backend" / "work-orders").exists()


# -- configuration from the environment and the data folder -----------------------------------


def write_data(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scrapersky.toml").write_text(text, encoding="utf-8")
    return folder


def test_values_come_from_the_data_folder_then_the_environment(make_app, tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(REPO / "tests" / "roots" / "test-basic", project)
    data = write_data(
        tmp_path / "data",
        '[config]\napi_prefix = "/from-data"\nfail_on = "low"\n'
        'session_factory_modules = ["db.session"]\n'
        '[site]\ntitle = "Shop jobs"\n',
    )
    monkeypatch.setenv("SCRAPERSKY_DATA", str(data))
    monkeypatch.setenv("SCRAPERSKY_API_PREFIX", "/from-env")
    monkeypatch.delenv("SCRAPERSKY_SRC", raising=False)
    app = build(make_app, project, BACKENDS / "minimal")
    assert app.config.scrapersky_api_prefix == "/from-env"  # the environment wins
    assert app.config.scrapersky_fail_on == "low"  # from the data folder
    assert app.config.scrapersky_session_factory_modules == ["db.session"]
    assert app.config.project == "Shop jobs"
    assert app.config.scrapersky_data_dir == str(data.resolve())


def test_the_command_line_wins_over_the_environment(make_app, tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(REPO / "tests" / "roots" / "test-basic", project)
    monkeypatch.setenv("SCRAPERSKY_API_PREFIX", "/from-env")
    monkeypatch.setenv("SCRAPERSKY_API_PAGES", "off")
    app = build(
        make_app,
        project,
        BACKENDS / "minimal",
        confoverrides={"scrapersky_api_prefix": "/from-cli"},
    )
    assert app.config.scrapersky_api_prefix == "/from-cli"
    assert app.config.scrapersky_api_pages is False


def test_a_bad_environment_value_warns_and_is_ignored(make_app, tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(REPO / "tests" / "roots" / "test-basic", project)
    monkeypatch.setenv("SCRAPERSKY_GRAPH_MAX_DEPTH", "deep")
    app = build(make_app, project, BACKENDS / "minimal")
    assert "SCRAPERSKY_GRAPH_MAX_DEPTH expected an integer" in app.warning.getvalue()
    assert app.config.scrapersky_graph_max_depth == 4


def test_conf_py_data_folder_is_not_used_for_another_tree(make_app, tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(REPO / "tests" / "roots" / "test-basic", project)
    data = write_data(
        project / "data",
        '[config]\nsrc_root = "../backend-a"\napi_prefix = "/a"\n[site]\ntitle = "A jobs"\n',
    )
    (data / "services.toml").write_text('[services.x]\noutcome = "A"\n')
    (project / "conf.py").write_text(
        (project / "conf.py").read_text() + 'scrapersky_data_dir = "data"\n'
    )
    monkeypatch.setenv("SCRAPERSKY_SRC", str(BACKENDS / "minimal"))
    app = make_app("html", srcdir=project)
    assert app.config.scrapersky_data_dir == ""
    assert app.config.scrapersky_api_prefix == ""
    assert app.config.scrapersky_services_file == ""
    assert app.config.project == "Background services"


def test_a_problem_in_the_data_folder_is_located(make_app, tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(REPO / "tests" / "roots" / "test-basic", project)
    data = write_data(tmp_path / "data", '[config]\napi_prefix = "/x"\nnonsense = 1\n')
    monkeypatch.setenv("SCRAPERSKY_DATA", str(data))
    app = build(make_app, project, BACKENDS / "minimal")
    warnings = app.warning.getvalue()
    assert f"{data.resolve() / 'scrapersky.toml'}:3" in warnings
    assert "nonsense: not a value the data folder sets" in warnings


# -- rules, prefixes, revisions -----------------------------------------------------------------


def test_backend_specific_rules_run_only_when_configured():
    default, _ = select_rules((), "", ())
    assert "TEN1" not in default and "ERR1" not in default
    assert not {"API1", "API2", "DB1"} & set(default)
    assert {"DB2", "MOD1", "DOC1", "SVC1", "API3"} <= set(default)
    configured, unknown = select_rules(("ten1", "API1", "XYZ9"), "/api", ())
    assert configured == ("TEN1", "API1")
    assert unknown == ["XYZ9"]


def test_common_prefix_is_what_most_mounted_paths_share():
    assert common_prefix(["/api/v3/a", "/api/v3/b/{id}", "/api/v3/c", "/health"]) == "/api/v3"
    assert common_prefix(["/v1/users", "/v1/items", "/v2/x"]) == "/v1"
    assert common_prefix(["/a", "/b", "/c/d"]) == ""
    assert common_prefix(["/{tenant}/x", "/{tenant}/y"]) == ""
    assert common_prefix([]) == ""


def test_tree_revision_reads_the_checkout(tmp_path):
    backend = clean_backend(tmp_path)
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=backend, capture_output=True, text=True, check=True
    ).stdout.strip()
    revision = tree_revision(backend / "src")
    assert (revision.tree, revision.commit, revision.branch) == ("src", head, "main")
    subprocess.run(["git", "pack-refs", "--all"], cwd=backend, check=True)
    assert tree_revision(backend).commit == head  # from packed-refs
    plain = tmp_path / "plain"
    plain.mkdir()
    assert tree_revision(plain).commit == ""


# -- init, -W, and the drift gate ---------------------------------------------------------------


@pytest.mark.slow
def test_init_then_W_then_drift_fails(tmp_path):
    backend = clean_backend(tmp_path)
    data = tmp_path / "data"
    result = run_cli("init", str(backend), "--output", str(data))
    assert result.returncode == 0, result.stderr
    assert "API prefix: /api/v3" in result.stdout
    config = (data / "scrapersky.toml").read_text()
    assert 'package = "src"' in config
    assert 'entry_points = ["src.main"]' in config
    assert 'session_factory_modules = ["session.async_session"]' in config
    services = (data / "services.toml").read_text()
    # the documented job keeps its docstring's outcome; the other gets one to review
    assert "domain_scheduler" not in services
    assert (
        '[services."src.services.background.purge_scheduler.purge_expired"]\n'
        'outcome = "(to review) Delete expired profiles every hour."'
    ) in services
    triage = (data / "triage.toml").read_text()
    assert 'decision = "open"' in triage

    # a second init keeps the maintainers' edits
    again = run_cli("init", str(backend), "--output", str(data))
    assert again.returncode == 2 and "--force" in again.stderr

    project = site_copy(tmp_path / "project")
    env = {"SCRAPERSKY_SRC": str(backend), "SCRAPERSKY_DATA": str(data)}
    first = sphinx_build(project, env=env)
    assert first.returncode == 0, first.stderr[-3000:]
    home = visible_text(project / "_build" / "html" / "index.html")
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=backend, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert f"commit {head[:12]} on main" in home

    # drift: a new job nobody described, and raw SQL nobody triaged
    jobs = backend / "src" / "services" / "background" / "reports_scheduler.py"
    jobs.write_text(
        '"""Nightly reports."""\n'
        "from sqlalchemy import text\n\n"
        "from ...scheduler_instance import scheduler\n"
        "from ...session.async_session import get_session\n\n\n"
        "async def build_reports():\n"
        "    async with get_session() as session:\n"
        '        await session.execute(text("DELETE FROM reports WHERE stale"))\n\n\n'
        "def setup_reports_scheduler():\n"
        '    scheduler.add_job(build_reports, "interval", minutes=5, id="reports")\n'
    )
    add_setup_call(backend, "reports_scheduler")
    drifted = sphinx_build(project, env=env)
    assert drifted.returncode != 0
    service_id = "src.services.background.reports_scheduler.build_reports"
    assert f'[services."{service_id}"] outcome = "..." to {data.resolve()}' in drifted.stderr
    assert "untriaged" in drifted.stderr and "record a decision in" in drifted.stderr
    assert str(data.resolve() / "triage.toml") in drifted.stderr

    # the CLI's audit fails on the new finding only, against the baseline
    audit = run_cli("audit", "--data", str(data), "--baseline", str(data / "triage.toml"))
    assert audit.returncode == 1
    assert "1 untriaged finding" in audit.stderr or "untriaged finding(s)" in audit.stderr


def test_hand_kept_files_that_are_not_files_or_too_deep_are_reported_not_read(tmp_path):
    import os

    from scrapersky_services.analysis.metadata import load_services_metadata, load_triage
    from scrapersky_services.data_folder import load_data_folder

    data = tmp_path / "data"
    data.mkdir()
    os.mkfifo(data / "scrapersky.toml")  # reading it would block forever
    (data / "services.toml").mkdir()  # a folder where the file should be
    (data / "triage.toml").write_text("x = " + "[" * 3000 + "]" * 3000 + "\n")

    folder = load_data_folder(data)
    assert [problem.message for problem in folder.problems] == [
        "cannot read the file: not a regular file (a folder, FIFO or device): not read"
    ]
    _, problems = load_services_metadata(data / "services.toml")
    assert [problem.message for problem in problems] == [
        "cannot read the file: not a regular file (a folder, FIFO or device): not read"
    ]
    triage = load_triage(data / "triage.toml")
    assert [(problem.path, problem.message) for problem in triage.problems] == [
        (str(data / "triage.toml"), "cannot read the file: nested too deeply to read")
    ]
