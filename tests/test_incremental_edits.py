"""Incremental builds after an edit equal a clean build of the edited inputs.

Each case builds the shop project, applies one edit (to the backend, to services.toml or to
triage.toml), builds again in the same folder, and then builds the same edited inputs from
scratch in a fresh copy of the project, against the same backend folder (the catalog
artifact records the backend's absolute path). ``needs.json``, every generated page and the
body of every generated HTML page must be byte-identical, and the edit must show, so the
comparison cannot pass on two copies of the unedited output.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import build, docs_read

HTML_BODY = re.compile(r'<div class="body" role="main">.*?<div class="sphinxsidebar"', re.S)
# sphinx-needs gives every need's container a random id (uuid4) on each render
NEED_CONTAINER_ID = re.compile(r'id="SNCB-[0-9a-f]{8}"')


# -- edits ------------------------------------------------------------------------------------


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new))


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def change_interval(project: Path, backend: Path) -> None:
    _replace(
        backend / "app" / "jobs.py",
        "minutes=settings.SHIP_MINUTES",
        "minutes=7",
    )


def change_interval_setting(project: Path, backend: Path) -> None:
    # the interval comes from a setting in another module: only settings.py changes
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
    # API1: GET /ping is outside /api/v3
    _replace(backend / "app" / "main.py", '@app.get("/ping")', '@app.get("/api/v3/ping")')


def add_triage(project: Path, backend: Path) -> None:
    _append(
        project / "triage.toml",
        '\n[findings."API1-FF649464"]\ndecision = "accepted"\nreason = "health check"\n',
    )


# -- what the edit must show --------------------------------------------------------------


def _needs(outputs: dict[str, bytes]) -> dict[str, dict]:
    data = json.loads(outputs["needs.json"])
    (version,) = data["versions"].values()
    return version["needs"]


def _service_need(outputs: dict[str, bytes], function: str) -> dict:
    (need,) = [
        need
        for need in _needs(outputs).values()
        if need["type"] == "service" and need["title"].startswith(f"{function} ")
    ]
    return need


def _html(outputs: dict[str, bytes], page: str) -> str:
    return outputs[f"html/generated/{page}.html"].decode()


def shows_interval(minutes: int) -> Callable[[dict[str, bytes], dict[str, bytes]], None]:
    def check(before: dict[str, bytes], after: dict[str, bytes]) -> None:
        for outputs, expected in ((before, 5), (after, minutes)):
            assert f"every {expected} minutes" in _html(outputs, "services/app.jobs.ship_orders")
            assert f"every {expected} minutes" in json.dumps(_service_need(outputs, "ship_orders"))

    return check


def shows_added_service(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    page = "generated/services/app.jobs.restock.md"
    assert page not in before and page in after
    assert "Shelves refill." in _html(after, "services/app.jobs.restock")
    assert "Restock the shelves." in json.dumps(_service_need(after, "restock"))
    assert "app.jobs.restock" in _html(after, "services/index")


def shows_deleted_service(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    page = "generated/services/app.jobs.nightly_cleanup.md"
    assert page in before and page not in after
    assert "html/generated/services/app.jobs.nightly_cleanup.html" not in after
    assert _service_need(before, "nightly_cleanup")
    assert not any(need["title"].startswith("nightly_cleanup ") for need in _needs(after).values())
    assert "nightly_cleanup" not in _html(after, "services/index")


def shows_router_prefix(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    for outputs, prefix, gone in (
        (before, "/orders", "/purchases"),
        (after, "/purchases", "/orders"),
    ):
        html = _html(outputs, "routers")
        assert f"/api/v3{prefix}/{{order_id}}/ship" in html
        assert f"/api/v3{gone}/" not in html


def shows_fixed_finding(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    assert "API1-FF649464" in _needs(before)
    assert "API1-FF649464" not in _needs(after)
    assert not any(
        need["type"] == "finding" and "API1" in key for key, need in _needs(after).items()
    )
    assert "/ping" in _html(before, "findings/API1")
    assert "/ping" not in _html(after, "findings/API1")


def shows_triage(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    assert "health check" not in json.dumps(_needs(before)["API1-FF649464"])
    assert "health check" in json.dumps(_needs(after)["API1-FF649464"])
    assert "health check" in _html(after, "findings/API1")


@dataclass(frozen=True)
class Edit:
    apply: Callable[[Path, Path], None]
    shows: Callable[[dict[str, bytes], dict[str, bytes]], None]


EDITS = {
    "interval-changed": Edit(change_interval, shows_interval(7)),
    "interval-setting-changed": Edit(change_interval_setting, shows_interval(9)),
    "service-added": Edit(add_service, shows_added_service),
    "service-deleted": Edit(delete_service, shows_deleted_service),
    "router-prefix-changed": Edit(change_router_prefix, shows_router_prefix),
    "finding-fixed": Edit(fix_finding, shows_fixed_finding),
    "triage-entry-added": Edit(add_triage, shows_triage),
}


# -- outputs ------------------------------------------------------------------------------


def _outputs(project: Path) -> dict[str, bytes]:
    """needs.json, every generated page and the body of every generated HTML page."""
    out = project / "_build" / "html"
    files = {"needs.json": (out / "needs.json").read_bytes()}
    for path in sorted((project / "generated").rglob("*")):
        if path.is_file():
            files[f"generated/{path.relative_to(project / 'generated').as_posix()}"] = (
                path.read_bytes()
            )
    for page in sorted((project / "generated").rglob("*.md")):
        # the HTML of each generated page (Sphinx leaves the HTML of a deleted page behind),
        # its body only: the sidebar of a page Sphinx did not rewrite may lag a toctree change
        path = out / page.relative_to(project).with_suffix(".html")
        (body,) = HTML_BODY.findall(path.read_text())
        body = NEED_CONTAINER_ID.sub('id="SNCB-"', body)
        files[f"html/generated/{path.relative_to(out / 'generated').as_posix()}"] = body.encode()
    return files


def _fresh_copy(project: Path, target: Path) -> Path:
    """The project's inputs (as edited), without anything a build wrote."""
    shutil.copytree(project, target, ignore=shutil.ignore_patterns("_build", "generated"))
    return target


def _warnings(app) -> list[str]:
    return sorted(line for line in app._warning.getvalue().splitlines() if line.strip())


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_incremental_build_after_an_edit_equals_a_clean_build(make_app, shop, tmp_path, edit):
    project, backend = shop
    first = build(make_app, project, backend)
    assert _warnings(first) == []
    all_docs = set(first.env.found_docs)
    before = _outputs(project)

    edit.apply(project, backend)
    read = docs_read(make_app, project, backend)
    incremental = _outputs(project)

    clean_project = _fresh_copy(project, tmp_path / "clean")
    clean = build(make_app, clean_project, backend)
    from_scratch = _outputs(clean_project)

    # the edit made the incremental build re-read something, but not everything
    assert read, "the edit re-read no document"
    assert set(read) < all_docs | set(clean.env.found_docs)
    edit.shows(before, incremental)
    edit.shows(before, from_scratch)

    assert incremental.keys() == from_scratch.keys()
    different = [name for name in incremental if incremental[name] != from_scratch[name]]
    assert different == []
    assert incremental["needs.json"] == from_scratch["needs.json"]


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_build_after_an_edit_build_reads_nothing(make_app, shop, edit):
    project, backend = shop
    build(make_app, project, backend)
    edit.apply(project, backend)
    assert docs_read(make_app, project, backend) != []
    assert docs_read(make_app, project, backend) == []
