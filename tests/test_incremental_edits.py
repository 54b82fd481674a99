"""Incremental builds after an edit equal a clean build of the edited inputs.

Each case builds the shop project, applies one edit (to the backend, to services.toml or to
triage.toml), builds again in the same folder, then builds the same edited inputs from
scratch in a fresh copy of the project, against the same backend folder (the catalog
artifact records the backend's absolute path, so the backend is not copied). ``needs.json``
and every generated page must be byte-identical, and so must each generated page's HTML
(sidebar and previous/next links included); the build's warnings must be the same too. Each edit must show in both outputs, so the
comparison cannot pass on two copies of the unedited output.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import build, docs_read

Outputs = dict[str, bytes]


class StaleOutput(AssertionError):
    """The incremental build left HTML or warnings a clean build would not have."""


# -- edits ------------------------------------------------------------------------------------


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new))


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def change_interval(project: Path, backend: Path) -> None:
    _replace(backend / "app" / "jobs.py", "minutes=settings.SHIP_MINUTES", "minutes=7")


def change_interval_setting(project: Path, backend: Path) -> None:
    # the interval is a setting's default in another module: only settings.py changes
    _replace(backend / "app" / "settings.py", "SHIP_MINUTES: int = 5", "SHIP_MINUTES: int = 9")


def add_service(project: Path, backend: Path) -> None:
    jobs = backend / "app" / "jobs.py"
    _replace(
        jobs,
        "def setup_jobs():",
        'async def restock():\n    """Restock the shelves."""\n\n\ndef setup_jobs():',
    )
    _append(jobs, '    scheduler.add_job(restock, "interval", hours=1, id="restock")\n')
    _append(project / "services.toml", '\n[services.restock]\noutcome = "Shelves refill."\n')


def delete_service(project: Path, backend: Path) -> None:
    jobs = backend / "app" / "jobs.py"
    _replace(jobs, 'async def nightly_cleanup():\n    """Delete old carts."""\n\n\n', "")
    _replace(jobs, '    scheduler.add_job(nightly_cleanup, "cron", hour=2, id="cleanup")\n', "")
    _replace(
        project / "services.toml",
        '[services.cleanup]\noutcome = "Abandoned carts do not pile up."\nworkflow = "WF-OPS"\n',
        "",
    )


def change_router_prefix(project: Path, backend: Path) -> None:
    _replace(
        backend / "app" / "routers" / "orders.py",
        'APIRouter(prefix="/orders")',
        'APIRouter(prefix="/purchases")',
    )


def fix_finding(project: Path, backend: Path) -> None:
    # API1-FF649464: GET /ping is outside /api/v3 (work.md still links to it)
    _replace(backend / "app" / "main.py", '@app.get("/ping")', '@app.get("/api/v3/ping")')


def add_triage(project: Path, backend: Path) -> None:
    _append(
        project / "triage.toml",
        '\n[findings."API1-FF649464"]\ndecision = "accepted"\nreason = "health check"\n',
    )


# -- what each edit must show -------------------------------------------------------------


def _needs(outputs: Outputs) -> dict[str, dict]:
    (version,) = json.loads(outputs["needs.json"])["versions"].values()
    return version["needs"]


def _services(outputs: Outputs) -> dict[str, dict]:
    """Service needs by function name."""
    return {
        need["section_name"]: need for need in _needs(outputs).values() if need["type"] == "service"
    }


def _html(outputs: Outputs, page: str) -> str:
    return outputs[f"html/generated/{page}.html"].decode()


def shows_interval(minutes: int) -> Callable[[Outputs, Outputs], None]:
    def check(before: Outputs, after: Outputs) -> None:
        for outputs, expected in ((before, 5), (after, minutes)):
            assert _services(outputs)["ship_orders"]["trigger"] == f"every {expected} minutes"
            assert f"every {expected} minutes" in _html(outputs, "services/app.jobs.ship_orders")
            assert f"every {expected} minutes" in _html(outputs, "routers")

    return check


def shows_added_service(before: Outputs, after: Outputs) -> None:
    page = "generated/services/app.jobs.restock.md"
    assert page not in before and page in after
    assert "restock" not in _services(before)
    assert _services(after)["restock"]["trigger"] == "every hour"
    html = _html(after, "services/app.jobs.restock")
    assert "Restock the shelves." in html and "Shelves refill." in html
    assert "app.jobs.restock.html" in _html(after, "services/index")


def shows_deleted_service(before: Outputs, after: Outputs) -> None:
    page = "generated/services/app.jobs.nightly_cleanup.md"
    assert page in before and page not in after
    assert "nightly_cleanup" in _services(before)
    assert "nightly_cleanup" not in _services(after)
    assert "nightly_cleanup" in _html(before, "routers")
    assert "nightly_cleanup" not in _html(after, "routers")
    assert "nightly_cleanup" not in _html(after, "services/index")


def shows_router_prefix(before: Outputs, after: Outputs) -> None:
    for outputs, prefix, gone in (
        (before, "/orders", "/purchases"),
        (after, "/purchases", "/orders"),
    ):
        html = _html(outputs, "routers")
        assert f"/api/v3{prefix}/{{order_id}}/ship" in html
        assert f"/api/v3{gone}/" not in html
        assert f"/api/v3{prefix}/{{order_id}}/report" in _html(
            outputs, "services/app.reports.build_report"
        )


def shows_fixed_finding(before: Outputs, after: Outputs) -> None:
    assert "API1-FF649464" in _needs(before)
    assert not [key for key in _needs(after) if key.startswith("API1-")]
    assert "API1-FF649464" in _html(before, "findings/API1")
    assert "API1-FF649464" not in _html(after, "findings/API1")
    assert "/api/v3/ping" in _html(after, "routers")


def shows_triage(before: Outputs, after: Outputs) -> None:
    assert _needs(before)["API1-FF649464"]["reason"] is None
    assert _needs(after)["API1-FF649464"]["reason"] == "health check"
    assert "health check" not in _html(before, "findings/API1")
    assert "health check" in _html(after, "findings/API1")


@dataclass(frozen=True)
class Edit:
    apply: Callable[[Path, Path], None]
    shows: Callable[[Outputs, Outputs], None]


EDITS = {
    "interval-changed": Edit(change_interval, shows_interval(7)),
    "interval-setting-changed": Edit(change_interval_setting, shows_interval(9)),
    "service-added": Edit(add_service, shows_added_service),
    "service-deleted": Edit(delete_service, shows_deleted_service),
    "router-prefix-changed": Edit(change_router_prefix, shows_router_prefix),
    "finding-fixed": Edit(fix_finding, shows_fixed_finding),
    "triage-entry-added": Edit(add_triage, shows_triage),
}

CASES = [pytest.param(edit, id=name) for name, edit in EDITS.items()]


# -- outputs ------------------------------------------------------------------------------


def _outputs(project: Path) -> Outputs:
    """needs.json, every generated page and the body of each generated page's HTML."""
    out = project / "_build" / "html"
    generated = project / "generated"
    files = {"needs.json": (out / "needs.json").read_bytes()}
    for path in sorted(generated.rglob("*")):
        if path.is_file():
            files[f"generated/{path.relative_to(generated).as_posix()}"] = path.read_bytes()
    for html in sorted((out / "generated").rglob("*.html")):
        # the whole page, its sidebar and previous/next links included; and no page left
        # behind by a deleted service
        files[f"html/{html.relative_to(out).as_posix()}"] = html.read_bytes()
    return files


def _fresh_copy(project: Path, target: Path) -> Path:
    """The project's inputs, as edited, without anything a build wrote."""
    shutil.copytree(project, target, ignore=shutil.ignore_patterns("_build", "generated"))
    return target


def _warnings(app, project: Path) -> list[str]:
    # a second app in one process warns that Sphinx's own nodes are registered again
    return sorted(
        line.replace(str(project), "<project>")
        for line in app._warning.getvalue().splitlines()
        if line.strip() and "while setting up extension" not in line
    )


def _build_recording(make_app, project: Path, backend: Path):
    """Build again; the app and the documents it read."""
    app = make_app("html", srcdir=project, confoverrides={"scrapersky_src_root": str(backend)})
    read: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    app.build()
    return app, sorted(read)


@pytest.mark.parametrize("edit", CASES)
def test_incremental_build_after_an_edit_equals_a_clean_build(make_app, shop, tmp_path, edit):
    project, backend = shop
    first = build(make_app, project, backend)
    assert _warnings(first, project) == []
    before = _outputs(project)

    edit.apply(project, backend)
    incremental_app, read = _build_recording(make_app, project, backend)
    incremental = _outputs(project)

    clean_project = _fresh_copy(project, tmp_path / "clean")
    clean_app = build(make_app, clean_project, backend)
    clean = _outputs(clean_project)

    # the second build was incremental: it re-read some documents, not all of them
    assert read
    assert "index" not in read
    # work.md links finding API1-FF649464: read again when (and only when) it goes away
    assert ("work" in read) == (edit is EDITS["finding-fixed"])
    edit.shows(before, incremental)
    edit.shows(before, clean)

    files = sorted(name for name in clean if not name.startswith("html/"))
    assert sorted(name for name in incremental if not name.startswith("html/")) == files
    assert [name for name in files if incremental[name] != clean[name]] == []

    stale = [
        name for name in clean if name.startswith("html/") and incremental[name] != clean[name]
    ]
    if incremental.keys() != clean.keys() or stale:
        raise StaleOutput(f"the incremental build's HTML differs: {stale}")
    warnings = _warnings(incremental_app, project), _warnings(clean_app, clean_project)
    if warnings[0] != warnings[1]:
        raise StaleOutput(f"incremental warnings {warnings[0]} != clean warnings {warnings[1]}")


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_build_without_changes_after_an_edit_reads_nothing(make_app, shop, edit):
    project, backend = shop
    build(make_app, project, backend)
    edit.apply(project, backend)
    assert docs_read(make_app, project, backend) != []
    assert docs_read(make_app, project, backend) == []
