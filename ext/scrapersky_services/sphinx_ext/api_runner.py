"""The API pages' own build: ``python -m scrapersky_services.sphinx_ext.api_runner SPEC``.

Started by the site's build (:func:`.api_site.start`) with the ``spec.json`` it wrote. It
runs the site's own configuration with :data:`.api_site.API_BUILD` filled, which makes it
read only the API pages (:func:`read_only_api_pages`), keep quiet about what the site's
build reports (:func:`quiet`) and root them at a short page (:func:`write_root`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .api_site import API_BUILD, api_output_dir, building_api_pages
from .files import write_if_changed

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The API build's root document: a page without a table of contents. The API index is an
#: orphan (as in the site), so the navigation every page shows stays small; with the index
#: as root, it listed every module on every page (furo's navigation, quadratic: 80 % of
#: the API build of 200 pages).
API_ROOT = "_api_root"
#: Warnings the site's build gives itself, which the API build therefore does not.
API_BUILD_QUIET = ("scrapersky.config", "scrapersky.graphviz", "scrapersky.metadata")
#: ... and those that do not apply to it: its pages are reached by links, not by a table of
#: contents of the root document (that is what keeps every page's navigation short).
API_BUILD_UNTOCTREED = ("toc.not_included",)


def quiet(app: Sphinx, config: Config) -> None:
    """``config-inited``, first: the API build does not give again the warnings that the
    site's build gives (its own are given again there)."""
    if building_api_pages():
        config.suppress_warnings = [
            *config.suppress_warnings,
            *API_BUILD_QUIET,
            *API_BUILD_UNTOCTREED,
        ]


def read_only_api_pages(app: Sphinx, config: Config) -> None:
    """``config-inited``, once the backend's package is known: the API build reads the API
    pages and nothing else, from its own root document."""
    output = api_output_dir(config)
    if output is not None and building_api_pages():
        config.root_doc = f"{output}/{API_ROOT}"
        config.include_patterns = [f"{output}/**"]


def write_root(app: Sphinx) -> None:
    """``builder-inited``, after sphinx-autodoc2 wrote the pages, in the API build: its root
    document, linking the API index (when there is one) and each top-level package."""
    output = api_output_dir(app.config)
    if output is None or not building_api_pages():
        return
    folder = Path(app.srcdir) / output
    links = []
    if any((folder / f"index{suffix}").is_file() for suffix in (".rst", ".md")):
        links.append(":doc:`index`")
    for package in sorted(path for path in folder.iterdir() if path.is_dir()):
        if any((package / f"{package.name}{suffix}").is_file() for suffix in (".rst", ".md")):
            links.append(f":doc:`{package.name} <{package.name}/{package.name}>`")
    text = "\n".join(
        [
            ":orphan:",
            "",
            "API pages",
            "=========",
            "",
            "Back to `the site <../index.html>`_.",
            "",
            *(f"- {link}" for link in links),
            "",
        ]
    )
    write_if_changed(folder / f"{API_ROOT}.rst", text)


# -- the API build ---------------------------------------------------------------------------


def build_api_pages(spec: dict[str, Any]) -> int:
    """Build the API pages as the site's build described them (``spec.json``)."""
    API_BUILD.update(spec)
    from sphinx.application import Sphinx
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    nocolor()  # its output goes to files that the site's build reads

    with (
        open(spec["warnings"], "w", encoding="utf-8") as warnings,
        open(spec["status"], "w", encoding="utf-8") as status,
        patch_docutils(spec["confdir"]),
        docutils_namespace(),
    ):
        app = Sphinx(
            spec["srcdir"],
            spec["confdir"],
            spec["outdir"],
            spec["doctreedir"],
            spec["builder"],
            confoverrides=spec["overrides"],
            status=status,
            warning=warnings,
            tags=spec["tags"],
            parallel=spec["parallel"],
            keep_going=True,
        )
        app.build()
    return 0


if __name__ == "__main__":
    sys.exit(build_api_pages(json.loads(Path(sys.argv[1]).read_text())))
