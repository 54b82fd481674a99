"""Sphinx configuration of the background-services documentation.

Build with ``nox -s docs`` (or ``sphinx-build -c . docs _build/html``): this file sits at
the repository root and the pages live in ``docs/``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).parent.resolve()
sys.path.insert(0, str(ROOT / "ext"))

# The site's title comes from the data folder ([site] title in scrapersky.toml).
author = "The backend's maintainers"

extensions = [
    "myst_parser",
    "autodoc2",
    "sphinx.ext.graphviz",
    "sphinx.ext.githubpages",
    "sphinx_design",
    "sphinx_needs",
    "scrapersky_services",
]

# -- The documented backend --------------------------------------------------------------
# Nothing here is about one backend. The tree to document and everything its maintainers
# keep by hand (outcomes, triage, their pages, title, mandates, the scrapersky_* values) are
# in its data folder; environment variables override (SCRAPERSKY_SRC, SCRAPERSKY_DATA,
# SCRAPERSKY_<NAME>: see Reference -> Configuration). By default the demo is documented:
# src_mirror/ with its data in mirror-data/. SCRAPERSKY_SRC alone documents another tree
# with no data folder; add SCRAPERSKY_DATA to give it one.
scrapersky_data_dir = "mirror-data"

# -- The audit trail (sphinx-needs) -------------------------------------------------------
# scrapersky_services registers the need types, fields and link types it uses.
needs_build_json = True
needs_reproducible_json = True
needs_flow_engine = "graphviz"

# -- Pages ---------------------------------------------------------------------------------
root_doc = "index"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3
nitpicky = True

# API pages of the extension itself; the backend's package is added by scrapersky_services.
autodoc2_packages = [{"path": "../ext/scrapersky_services", "module": "scrapersky_services"}]
autodoc2_render_plugin = "myst"
autodoc2_hidden_objects = ["dunder", "private", "inherited"]
# The API pages stay out of the site navigation (Reference -> API links them): a backend of
# thousands of modules would otherwise put thousands of entries into every page's sidebar.
autodoc2_index_template = """:orphan:

API pages
=========

.. toctree::
   :titlesonly:
{% for package in top_level %}
   {{ package }}
{%- endfor %}
"""

# -- HTML ----------------------------------------------------------------------------------
html_theme = "furo"
html_static_path = ["docs/_static"]
html_css_files = ["scrapersky.css"]
html_favicon = "docs/_static/favicon.svg"

suppress_warnings: list[str] = []


# Offline link check (nox -s linkcheck): only the site's own links and files are checked.
if os.environ.get("SCRAPERSKY_LINKCHECK_OFFLINE"):
    linkcheck_ignore = [r"^https?://", r"^mailto:"]
    # work-order diagrams are drawn for HTML only; the link check has nothing to draw
    suppress_warnings = [*suppress_warnings, "needs.needflow"]

# The benchmark report (docs/performance.md, written by `nox -s bench`) is measured on the
# demo and on synthetic trees: a site built for another tree (SCRAPERSKY_SRC) shows its
# introduction only, cut at the line the harness writes above the figures.
REPORT_FIGURES = "\n% The figures: measured on this tool's demo and on synthetic trees.\n"


def _report_introduction_only(app, docname: str, source: list[str]) -> None:
    if docname == "performance" and os.environ.get("SCRAPERSKY_SRC"):
        introduction = source[0].split(REPORT_FIGURES, 1)[0]
        source[0] = introduction + (
            "\nIts figures are measured on this tool's demo backend and on synthetic trees,"
            " and are published with the demo's site.\n"
        )


def setup(app) -> None:
    app.connect("source-read", _report_introduction_only)
