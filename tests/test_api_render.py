"""The backend's API pages show its variables' values as text, exactly."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from conftest import BACKENDS, ROOTS, build
from scrapersky_services.sphinx_ext.api_render import value_text

VALUES = {
    "HASH": "# not a comment",
    "COLON": "key: value: more",
    "QUOTES": 'it\'s "quoted"',
    "BACKSLASH": "C:\\path\\n not a newline",
    "UNICODE": "naïve – 東京 🚀",
    "MARKUP": "**bold** <b>b</b> {sub}`x` $x$ [l](javascript:alert(1))",
    "LONG": "x" * 150,
    "MULTILINE": "line one\nline two",
    "NUMBER": 12.5,
}


def test_values_are_shown_as_text(make_app, tmp_path):
    backend = tmp_path / "backend"
    shutil.copytree(BACKENDS / "minimal", backend)
    lines = [f"{name} = {value!r}" for name, value in VALUES.items()]
    (backend / "app" / "constants.py").write_text('"""Constants."""\n\n' + "\n".join(lines) + "\n")
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-api", project)
    app = build(make_app, project, backend)
    assert "constants" not in app.warning.getvalue()
    page = (Path(app.outdir) / "apidocs" / "app" / "app.constants.html").read_text()
    shown = html.unescape(re.sub(r"<[^>]*>", "", page))
    for name, value in VALUES.items():
        assert f"{name} = {value_text(value)}" in shown, name
    assert "<b>b</b>" not in page and "<strong>bold</strong>" not in page
    assert value_text(VALUES["LONG"]).endswith("...") and len(value_text(VALUES["LONG"])) == 103
    assert value_text(VALUES["MULTILINE"]) == "<Multiline-String>"
