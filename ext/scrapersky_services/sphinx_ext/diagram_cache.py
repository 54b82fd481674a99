"""Diagrams drawn once, kept by their content and reused by later builds, clean ones too.

``sphinx.ext.graphviz`` runs Graphviz once per diagram and page of a clean build (a
process each: about 12 ms per diagram, 34 on the mirror's site and hundreds on a large
backend's), and skips a diagram whose file is already in the output folder: its file name
is a hash of everything it is drawn from. So, before a page is written
(``doctree-resolved``), each diagram's file is copied into the output folder from
``<scrapersky_cache_dir>/diagrams/`` when it was kept there; after the build, the
diagrams the output folder holds are kept (and those it no longer holds dropped).
"""

from __future__ import annotations

import shutil
from hashlib import sha1
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.ext.graphviz import graphviz

from .api_site import cache_folder

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

#: What ``sphinx.ext.graphviz`` names its files (``graphviz-<sha1>.<format>``).
PREFIX = "graphviz"


def _folder(app: Sphinx) -> Path:
    return cache_folder(app) / "diagrams" / app.builder.name


def file_name(app: Sphinx, node: graphviz) -> str:
    """The name ``sphinx.ext.graphviz`` gives the diagram's file (its ``render_dot``): a
    hash of the code, the options, the program and its arguments. Should Sphinx name them
    otherwise, nothing is found here and every diagram is drawn, as without this module."""
    options = node["options"]
    program = options.get("graphviz_dot", app.config.graphviz_dot)
    key = "".join((node["code"], str(options), str(program), str(app.config.graphviz_dot_args)))
    digest = sha1(key.encode(), usedforsecurity=False).hexdigest()
    return f"{PREFIX}-{digest}.{app.config.graphviz_output_format}"


def _images(app: Sphinx) -> Path | None:
    if app.builder.format != "html" or not hasattr(app.builder, "imagedir"):
        return None
    return Path(app.outdir) / app.builder.imagedir


def reuse(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the page's kept diagrams into the output folder."""
    images = _images(app)
    if images is None:
        return
    kept = _folder(app)
    for node in doctree.findall(graphviz):
        name = file_name(app, node)
        target = images / name
        if not target.exists() and (kept / name).is_file():
            images.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(kept / name, target)


def keep(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: the output folder's diagrams, kept for the next build."""
    images = _images(app)
    if images is None or exception is not None:
        return
    drawn = {path.name: path for path in images.glob(f"{PREFIX}-*")} if images.is_dir() else {}
    kept = _folder(app)
    kept.mkdir(parents=True, exist_ok=True)
    for path in kept.iterdir():
        if path.name not in drawn:
            path.unlink()
    for name, path in drawn.items():
        if not (kept / name).exists():
            shutil.copyfile(path, kept / name)
