"""A real Sphinx build of a small project with the extension enabled."""

from __future__ import annotations

import pytest
from conftest import BACKENDS


@pytest.mark.sphinx(
    "html", testroot="basic", confoverrides={"scrapersky_src_root": str(BACKENDS / "minimal")}
)
def test_build_has_no_warnings_and_documents_the_extension(app):
    app.build()
    assert app.warning.getvalue() == ""
    html = (app.outdir / "index.html").read_text(encoding="utf8")
    # the reference tables are generated from the config dataclass and warning registry
    assert "scrapersky_src_root" in html
    assert "scrapersky_graphviz_dot" in html
    assert "scrapersky.triage_stale" in html


@pytest.mark.sphinx(
    "html", testroot="basic", confoverrides={"scrapersky_src_root": str(BACKENDS / "minimal")}
)
def test_graphviz_is_configured_for_svg(app):
    assert app.config.graphviz_output_format == "svg"
    assert app.config.graphviz_dot.endswith(("graphviz-pure", "dot"))
