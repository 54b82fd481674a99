"""Sphinx configuration of the ScraperSky services documentation.

Build with ``nox -s docs`` (or ``sphinx-build -c . docs _build/html``): this file sits at
the repository root and the pages live in ``docs/``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).parent.resolve()
sys.path.insert(0, str(ROOT / "ext"))

project = "ScraperSky services"
author = "ScraperSky maintainers"
copyright = "2026, ScraperSky maintainers"

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
# SCRAPERSKY_SRC points the build at a real backend checkout (its root, or its package
# folder); without it the mirror in src_mirror/ is documented. The outcomes and triage
# decisions in docs/ belong to the mirror: for another tree, name its own files with
# SCRAPERSKY_SERVICES_FILE and SCRAPERSKY_TRIAGE_FILE (none by default).
OTHER_TREE = bool(os.environ.get("SCRAPERSKY_SRC"))
scrapersky_src_root = os.environ.get("SCRAPERSKY_SRC", "src_mirror")
scrapersky_package = os.environ.get("SCRAPERSKY_PACKAGE", "")
scrapersky_api_prefix = "/api/v3"
scrapersky_session_factory_modules = ["session.async_session"]
scrapersky_services_file = os.environ.get(
    "SCRAPERSKY_SERVICES_FILE", "" if OTHER_TREE else "docs/services.toml"
)
scrapersky_triage_file = os.environ.get(
    "SCRAPERSKY_TRIAGE_FILE", "" if OTHER_TREE else "docs/audit/triage.toml"
)
scrapersky_fail_on = "high"

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
html_title = "ScraperSky services"
html_static_path = ["docs/_static"]
html_css_files = ["scrapersky.css"]
html_favicon = "docs/_static/favicon.svg"

# The work orders cite the mirror's findings by id; for another tree those links are dead.
suppress_warnings = ["needs.link_outgoing"] if OTHER_TREE else []

# Offline link check (nox -s linkcheck): only the site's own links and files are checked.
if os.environ.get("SCRAPERSKY_LINKCHECK_OFFLINE"):
    linkcheck_ignore = [r"^https?://", r"^mailto:"]
    # work-order diagrams are drawn for HTML only; the link check has nothing to draw
    suppress_warnings = [*suppress_warnings, "needs.needflow"]
