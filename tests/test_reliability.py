"""Broken and unusual backends (``corpus.py``): through the command line and a Sphinx build
(with the backend's API pages from sphinx-autodoc2, as on the real site) each gives a clear warning naming the file (and line), documents the rest of the tree,
completes, and shows no traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOTS, build, run_cli
from corpus import BASE_MODULES, BASE_SERVICE, CASES, Case, base_tree

EXT = Path(__file__).parents[1] / "ext"

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def _tree(case: Case, folder: Path) -> Path:
    tree = base_tree(folder / "tree")
    case.setup(tree)
    return tree / case.root if case.root else tree


def _matches(lines: list[str], wanted: tuple[str, ...]) -> bool:
    return any(all(part in line for part in wanted) for line in lines)


def _assert_no_crash(text: str) -> None:
    for marker in ("Traceback", "Exception occurred", "RecursionError", "Error:"):
        assert marker not in text, text[-3000:]
    # what the backend holds never reaches the terminal as escape sequences (Sphinx's own
    # colours, ESC followed by [ and a colour number then m, are not the backend's)
    assert "\x1b[2J" not in text and "\x1b[31mred" not in text


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_command_line(case: Case, tmp_path):
    root = _tree(case, tmp_path)
    output = tmp_path / "services.json"
    result = run_cli("analyse", str(root), "-o", str(output))
    _assert_no_crash(result.stderr)
    lines = result.stderr.splitlines()
    if case.fatal:
        assert result.returncode == 2
        errors = [line for line in lines if line.startswith("error:")]
        assert len(errors) == 1 and case.fatal in errors[0] and str(root.name) in errors[0]
        return
    assert result.returncode == 0, result.stderr
    # the files left out as no module are one note, not a warning
    warnings = [line for line in lines if line.startswith(("warning:", "note:"))]
    for wanted in case.warns:
        assert _matches(warnings, wanted), (wanted, warnings)
    catalog = json.loads(output.read_text(encoding="utf-8"))
    modules = {module["name"] for module in catalog["modules"]}
    assert modules >= {*BASE_MODULES, *case.modules}
    services = {f"{service['module']}.{service['function']}" for service in catalog["services"]}
    assert services >= {BASE_SERVICE, *case.services}
    # whatever was skipped, no path outside the tree was read
    assert "hunter2" not in output.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_sphinx_build(case: Case, tmp_path, make_app):
    root = _tree(case, tmp_path)
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-api", project)
    app = build(make_app, project, root)
    warnings = app.warning.getvalue()
    _assert_no_crash(warnings + app.status.getvalue())
    lines = warnings.splitlines()
    if case.fatal:
        located = [line for line in lines if case.fatal in line]
        assert len(located) == 1 and "[scrapersky.source]" in located[0], warnings
        assert (Path(app.outdir) / "index.html").is_file()
        return
    # the files left out as no module are one line of the build's output, not a warning
    notes = [line for line in app.status.getvalue().splitlines() if "no import reaches" in line]
    for wanted in case.warns:
        assert _matches(lines + notes, wanted), (wanted, warnings)
    # the API pages (sphinx-autodoc2) of the untouched modules are there too
    api = Path(app.outdir) / "apidocs" / "app"
    assert all((api / f"{module}.html").is_file() for module in BASE_MODULES), warnings
    pages = Path(app.outdir) / "generated" / "services"
    text = "\n".join(page.read_text(encoding="utf-8") for page in pages.glob("*.html"))
    for service in (BASE_SERVICE, *case.services):
        module, function = service.rsplit(".", 1)
        assert function in text and module in text, service
    assert "hunter2" not in "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in Path(app.outdir).rglob("*.html")
    )


def test_a_file_that_cannot_be_read_is_reported_and_the_rest_documented(tmp_path, monkeypatch):
    """The read error itself (``chmod 000`` does not stop root, who runs CI)."""
    from scrapersky_services.analysis import AnalysisOptions, analyse

    tree = base_tree(tmp_path / "tree")
    locked = tree / "app" / "locked.py"
    locked.write_text("X = 1\n")
    import os

    original = os.open

    def refusing_open(path, *args, **kwargs):
        if str(path).endswith("locked.py"):
            raise PermissionError(13, "Permission denied", str(path))
        return original(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    catalog = analyse(AnalysisOptions(str(tree)))
    problems = [item for item in catalog.diagnostics if item.path == "app/locked.py"]
    assert [item.message for item in problems] == ["cannot read the file (Permission denied)"]
    assert "app.locked" in {module.name for module in catalog.modules}
    assert BASE_SERVICE in {f"{service.module}.{service.function}" for service in catalog.services}


def test_a_src_folder_that_links_outside_the_source_root_is_not_followed(tmp_path):
    from scrapersky_services.analysis import AnalysisOptions, analyse

    outside = tmp_path / "outside" / "src"
    outside.mkdir(parents=True)
    shutil.copytree(base_tree(tmp_path / "tree") / "app", outside / "app")
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "src").symlink_to(outside, target_is_directory=True)
    catalog = analyse(AnalysisOptions(str(checkout)))
    assert catalog.modules == ()
    assert [(d.path, d.message) for d in catalog.diagnostics if d.path] == [
        ("src/app", "symbolic link leading outside the source root, not followed")
    ]
