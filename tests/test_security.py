"""The documented code is never run, and text from it never becomes markup.

A canary backend would, if imported, write a file, set an environment variable and exit
the process; a hostile one carries reST, MyST, HTML, ``<script>`` and DOT metacharacters
in its docstrings, names, strings and paths. Both go through the command line and a full
Sphinx build with API pages; the hostile site is also opened in headless Chromium.
"""

from __future__ import annotations

import html as html_module
import json
import os
import re
import shutil
import sys
import textwrap
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import ROOTS, build, run_cli
from corpus import base_tree

EXT = Path(__file__).parents[1] / "ext"
CANARY_VARIABLE = "SCRAPERSKY_CANARY_RAN"


def _api_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-api", project)
    return project


# -- never execute -------------------------------------------------------------------------


def _side_effects(marker: Path, where: str) -> str:
    return textwrap.dedent(
        f"""\
        import os
        import pathlib
        import sys

        pathlib.Path({str(marker)!r}).joinpath({where!r}).write_text("ran")
        os.environ[{CANARY_VARIABLE!r}] = {where!r}
        sys.exit(97)
        """
    )


def _canary_tree(folder: Path, marker: Path) -> Path:
    package = folder / "canary"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(_side_effects(marker, "init"))
    (package / "main.py").write_text(
        _side_effects(marker, "main")
        + "from fastapi import FastAPI\n\nfrom .jobs import setup\n\napp = FastAPI()\n"
        + '\n\n@app.on_event("startup")\nasync def start():\n    setup()\n    os._exit(96)\n'
    )
    (package / "jobs.py").write_text(
        '"""Jobs.\n\nOutcome:\n    Proves nothing runs.\n"""\n'
        + _side_effects(marker, "jobs")
        + "from apscheduler.schedulers.asyncio import AsyncIOScheduler\n\n"
        + "scheduler = AsyncIOScheduler()\n\n\n"
        + "async def tick():\n    os._exit(95)\n\n\n"
        + 'def setup():\n    scheduler.add_job(tick, "interval", seconds=1, id="tick")\n'
    )
    return folder


def test_the_canary_backend_is_never_imported(tmp_path, make_app):
    marker = tmp_path / "markers"
    marker.mkdir()
    tree = _canary_tree(tmp_path / "tree", marker)
    os.environ.pop(CANARY_VARIABLE, None)

    result = run_cli("analyse", str(tree), "-o", str(tmp_path / "services.json"))
    assert result.returncode == 0, result.stderr
    assert '"function": "tick"' in (tmp_path / "services.json").read_text()

    project = _api_project(tmp_path)
    app = build(make_app, project, tree)
    outdir = Path(app.outdir)
    # both documented it (service page, API pages) ...
    assert (outdir / "generated" / "services" / "canary.jobs.tick.html").is_file()
    assert (outdir / "apidocs" / "canary" / "canary.jobs.html").is_file()
    # ... and nothing of it ran: this process is alive, and
    assert list(marker.iterdir()) == []
    assert CANARY_VARIABLE not in os.environ
    assert not [name for name in sys.modules if name == "canary" or name.startswith("canary.")]


# -- never interpret -----------------------------------------------------------------------

SCRIPT = "<script>alert('{}')</script>"
HOSTILE_DOC = (
    "Evil.\n\n"
    ".. raw:: html\n\n   " + SCRIPT.format("raw") + "\n\n"
    ".. include:: /etc/passwd\n\n"
    "```{raw} html\n" + SCRIPT.format("myst") + "\n```\n\n"
    "{eval-rst}`.. include:: /etc/passwd`\n"
    '<img src=x onerror="alert(\'img\')"> & "quotes" {braces} a -> b [x](javascript:alert(1))\n'
    + "long " * 20_000
    + "\n\nOutcome:\n    "
    + SCRIPT.format("outcome")
    + ' } -> "q" <b>&amp;</b>\n'
)
HOSTILE_STRING = 'x"]; evil -> pwned [label="<b>{}</b>" & \' {}'


def _hostile_tree(folder: Path) -> Path:
    tree = base_tree(folder)
    job_id = HOSTILE_STRING.format("id", SCRIPT.format("id"))
    (tree / "app" / "services" / "evil.py").write_text(
        f'"""{HOSTILE_DOC}"""\n\n'
        "import enum\n\n"
        "from fastapi import APIRouter, BackgroundTasks\n\n"
        "from app.scheduler import scheduler\n\n"
        f"router = APIRouter(prefix={'/api/v3/' + SCRIPT.format('prefix')!r})\n"
        f"NOTE = {'{download}`/etc/passwd` ' + SCRIPT.format('value')!r}\n\n\n"
        "class Status(str, enum.Enum):\n"
        f"    bad = {HOSTILE_STRING.format('enum', SCRIPT.format('enum'))!r}\n\n\n"
        "async def evil_job() -> None:\n"
        f'    """{HOSTILE_DOC}"""\n\n\n'
        f"@router.post({'/' + SCRIPT.format('path') + '{x}'!r})\n"
        "async def start(background: BackgroundTasks) -> dict:\n"
        '    """<iframe src="javascript:alert(7)"></iframe>"""\n'
        "    background.add_task(evil_job)\n"
        "    return {}\n\n\n"
        "def setup() -> None:\n"
        f'    scheduler.add_job(evil_job, "interval", minutes=5, id={job_id!r}, '
        f"name={SCRIPT.format('name')!r})\n"
    )
    main = tree / "app" / "main.py"
    main.write_text(
        main.read_text()
        .replace(
            "from fastapi import FastAPI\n",
            "from fastapi import FastAPI\n\nfrom app.services import evil\n",
        )
        .replace("app = FastAPI()\n", "app = FastAPI()\napp.include_router(evil.router)\n")
        .replace("    setup_cleanup()\n", "    setup_cleanup()\n    evil.setup()\n")
    )
    # a path carrying markup (reported and skipped: no import can reach it)
    (tree / "app" / "<img src=x onerror=alert(8)>.py").write_text("X = 1\n")
    return tree


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, make_app_module):
    folder = tmp_path_factory.mktemp("hostile")
    tree = _hostile_tree(folder / "tree")
    project = _api_project(folder)
    app = build(make_app_module, project, tree)
    return Path(app.outdir), app.warning.getvalue(), tree, folder


def _visible_text(page: str) -> str:
    """The text a reader sees: tags dropped, entities decoded."""
    return html_module.unescape(re.sub(r"<[^>]*>", "", page))


def test_hostile_text_is_shown_never_interpreted(hostile_site):
    outdir, warnings, _tree, _folder = hostile_site
    assert "Traceback" not in warnings and "Exception occurred" not in warnings
    html = {
        path.relative_to(outdir).as_posix(): path.read_text(encoding="utf-8")
        for path in outdir.rglob("*.html")
    }
    service = html["generated/services/app.services.evil.evil_job.html"]
    api = html["apidocs/app/app.services.evil.html"]
    for page in (service, api):
        # shown, as text (the API page's literal-docstring parser may curl the quotes)
        text = _visible_text(page)
        assert ".. raw:: html" in text and "<script>alert(" in text
        assert ".. include:: /etc/passwd" in text
        assert "{raw} html" in text and "{eval-rst}" in text
    # a variable's value is on its API page, as text
    assert "NOTE = " + repr("{download}`/etc/passwd` " + SCRIPT.format("value")) in _visible_text(
        api
    )
    everything = "\n".join(html.values())
    for name in ("raw", "myst", "outcome", "prefix", "enum", "path", "name", "id", "value"):
        assert SCRIPT.format(name) not in everything, name
    assert not re.search(r"<script>\s*alert", everything)  # whatever the quotes became
    assert "<b>enum</b>" not in everything and "<b>id</b>" not in everything
    assert "<img src=x" not in everything
    assert 'src="javascript:' not in everything and 'href="javascript:' not in everything
    assert "root:x:0:0" not in everything  # /etc/passwd was never included ...
    assert not list(outdir.rglob("passwd*"))  # ... nor offered as a download
    # the very long line is there, whole
    assert "long " * 1000 in service


def test_every_svg_is_valid_xml(hostile_site):
    outdir = hostile_site[0]
    svgs = sorted(outdir.rglob("*.svg"))
    assert svgs
    for svg in svgs:
        ElementTree.parse(svg)  # raises on invalid XML
    assert any("evil" in svg.read_text(encoding="utf-8") for svg in svgs)


def test_the_command_line_keeps_the_text_as_data(hostile_site, tmp_path):
    tree = hostile_site[2]
    result = run_cli("analyse", str(tree), "-o", str(tmp_path / "services.json"))
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "services.json").read_text(encoding="utf-8"))
    service = next(item for item in data["services"] if item["function"] == "evil_job")
    assert service["job_id"] == HOSTILE_STRING.format("id", SCRIPT.format("id"))
    assert "is not a valid module name" in result.stderr and "onerror=alert(8)" in result.stderr


def test_no_script_runs_in_the_browser(hostile_site):
    from test_browser import Visit, chromium

    executable = chromium()
    if executable is None:
        if os.environ.get("SCRAPERSKY_REQUIRE_BROWSER") == "1":
            pytest.fail("no Chromium found, and SCRAPERSKY_REQUIRE_BROWSER=1")
        pytest.skip("no Chromium on this machine (CI installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    outdir = hostile_site[0]
    pages = [
        "generated/services/app.services.evil.evil_job.html",
        "generated/services/index.html",
        "generated/routers.html",
        "generated/status-flow.html",
        "generated/findings/index.html",
        "apidocs/app/app.services.evil.html",
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            for page in pages:
                assert (outdir / page).is_file(), page
                visit = Visit(browser, f"hostile-{page}")
                visit.goto((outdir / page).as_uri())
                if "evil" in page or "routers" in page:
                    assert "alert(" in visit.page.inner_text("body")  # shown, as text
                visit.close()  # asserts: no dialog, no console error
        finally:
            browser.close()
