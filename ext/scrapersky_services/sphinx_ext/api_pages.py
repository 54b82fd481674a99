"""API pages of the documented backend through sphinx-autodoc2.

The backend's package is found the same way the analyser finds it, then added to
``autodoc2_packages``; its docstrings are rendered as plain text
(:mod:`.literal_docstrings`) and its variables' values as text (:mod:`.api_render`), never
as markup.
"""

from __future__ import annotations

import builtins
import collections.abc
import os
import re
import shutil
import typing
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..analysis.parse.discovery import (
    NON_APPLICATION_DIRS,
    SKIPPED_DIRS,
    SourceRootError,
    detect_layout,
)
from .api_site import building_api_pages
from .config_glue import resolve_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from ..analysis.catalog import Catalog

LITERAL_PARSER = "scrapersky_services.sphinx_ext.literal_docstrings"
BACKEND_RENDERER = "scrapersky_services.sphinx_ext.api_render.BackendRenderer"


def add_backend_api_pages(app: Sphinx, config: Config) -> None:
    """``config-inited``: document the backend's package with sphinx-autodoc2 (if enabled)."""
    if not config.scrapersky_api_pages or "autodoc2_packages" not in config:
        return
    source_root = resolve_path(app.confdir, config.scrapersky_src_root)
    try:
        layout = detect_layout(source_root, config.scrapersky_package)
    except SourceRootError:
        return  # the analysis reports it, once, at builder-inited
    if layout.package:
        roots = [(layout.package_dir, layout.package)]
    else:
        roots = top_level_modules(layout.import_root)
    packages = list(config.autodoc2_packages)
    documented = {
        package.get("module") if isinstance(package, dict) else None for package in packages
    }
    parser_rules = list(config.autodoc2_docstring_parser_regexes)
    render_rules = list(config.autodoc2_render_plugin_regexes)
    for path, module in roots:
        if module in documented:
            continue
        packages.append({"path": os.path.relpath(path, app.srcdir), "module": module})
        itself_and_below = rf"{re.escape(module)}(\..*)?"
        parser_rules.append((itself_and_below, LITERAL_PARSER))
        render_rules.append((itself_and_below, BACKEND_RENDERER))
    config.autodoc2_packages = packages
    config.autodoc2_docstring_parser_regexes = parser_rules
    config.autodoc2_render_plugin_regexes = render_rules


def top_level_modules(import_root: Path) -> list[tuple[Path, str]]:
    """What a backend without a package has at its import root, as the analysis reads it:
    modules, packages, and folders of modules without ``__init__.py`` (namespace
    packages)."""
    roots = []
    for entry in sorted(import_root.iterdir()):
        if entry.suffix == ".py" and entry.is_file():
            roots.append((entry, entry.stem))
        elif (
            entry.is_dir()
            and not entry.is_symlink()
            and entry.name.isidentifier()
            and entry.name not in SKIPPED_DIRS
            and entry.name not in NON_APPLICATION_DIRS
            and _holds_python(entry)
        ):
            roots.append((entry, entry.name))
    return roots


def _holds_python(folder: Path) -> bool:
    for _folder, dirnames, filenames in os.walk(folder):
        if any(name.endswith(".py") for name in filenames):
            return True
        dirnames[:] = [
            name for name in dirnames if name not in SKIPPED_DIRS and not name.startswith(".")
        ]
    return False


def documented_modules(config: Config) -> tuple[str, ...]:
    """Top-level names of the packages sphinx-autodoc2 documents."""
    names = set()
    for package in getattr(config, "autodoc2_packages", None) or ():
        if isinstance(package, dict):
            module = package.get("module") or os.path.basename(
                str(package.get("path", "")).rstrip("/")
            )
        else:
            module = os.path.basename(str(package).rstrip("/"))
        if module:
            names.add(module.split(".")[0].removesuffix(".py"))
    return tuple(sorted(names))


class ExternalReferences(SphinxPostTransform):
    """Python references to what no page documents (builtins, typing, third-party packages)
    become plain code before Sphinx looks them up.

    The API pages' annotations name ``str``, ``Any``, ``sqlalchemy.orm.Mapped`` and the like
    thousands of times; without intersphinx none of them can resolve, and Sphinx's fuzzy
    lookup of each walks every documented object: on a large backend that lookup, not the
    pages, is most of the build. References into the documented packages are kept.
    """

    default_priority = 5  # before Sphinx's ReferencesResolver (10)

    def run(self, **kwargs) -> None:
        documented = documented_modules(self.config)
        if not documented:
            return
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("refdomain") != "py":
                continue
            target = node.get("reftarget", "")
            if _documented(target, documented, node):
                continue
            node.replace_self(node.children[0] if node.children else nodes.literal(target, target))


def _documented(target: str, documented: tuple[str, ...], node) -> bool:
    """Whether a reference may point into a documented package."""
    name = target.lstrip(".~")
    head = name.split(".")[0]
    if head in documented:
        return True
    if "." in name:
        return False  # qualified with another package: external
    # an unqualified name: a builtin or a typing name is external; anything else may be a
    # class of the module being documented
    return not (name in BUILTIN_NAMES or name in TYPING_NAMES)


BUILTIN_NAMES = frozenset(dir(builtins))
TYPING_NAMES = frozenset(dir(typing)) | frozenset(dir(collections.abc))


def adopt_stray_nodes(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: nodes parsed in a nested document (sphinx-autodoc2 parses
    docstrings so) are made to belong to the page's own document, so that pickling the page
    does not pickle the nested document and the environment its settings hold."""
    for node in doctree.findall(nodes.Element):
        owner = getattr(node, "_document", None)
        if owner is not None and owner is not doctree:
            node.document = doctree


def remove_stale_api_pages(app: Sphinx) -> None:
    """``builder-inited``, before sphinx-autodoc2 (500): delete the API pages of packages no
    longer documented.

    sphinx-autodoc2 writes ``<output_dir>/<package>/`` and never removes a package's folder:
    after a build of another tree (``SCRAPERSKY_SRC`` changed), the previous tree's pages
    stayed in the source folder and were built into this site, unlisted and full of the
    other backend's names. Only folders sphinx-autodoc2 writes are removed: named like a
    package, holding nothing but ``<package>.….md``/``.rst`` pages.
    """
    if "autodoc2_packages" not in app.config or not building_api_pages():
        return
    output = Path(app.srcdir) / PurePosixPath(app.config.autodoc2_output_dir)
    if not output.is_dir():
        return
    documented = set(documented_modules(app.config))
    for folder in sorted(output.iterdir()):
        name = folder.name
        if name in documented or not folder.is_dir() or folder.is_symlink():
            continue
        if not all(part.isidentifier() for part in name.split(".")):
            continue
        entries = list(folder.iterdir())
        if entries and all(
            entry.is_file()
            and entry.suffix in (".md", ".rst")
            and (entry.stem == name or entry.stem.startswith(name + "."))
            for entry in entries
        ):
            shutil.rmtree(folder)


def setup_api_pages(app: Sphinx) -> None:
    app.add_post_transform(ExternalReferences)
    app.connect("doctree-read", adopt_stray_nodes)
    app.connect("builder-inited", remove_stale_api_pages, priority=440)


def index_api_database(app: Sphinx) -> None:
    """``builder-inited``, before sphinx-autodoc2 (500): its item database with a children
    index (:mod:`.api_db`), when sphinx-autodoc2 is loaded."""
    if "autodoc2_packages" in app.config and building_api_pages():
        from .api_db import install_indexed_db

        install_indexed_db(app)


def exclude_unread_files(app: Sphinx, catalog: Catalog) -> None:
    """After the analysis, before sphinx-autodoc2 walks the backend (both on
    ``builder-inited``): the API pages document exactly the modules the analysis read and
    parsed, chosen by path (:mod:`.api_items`). Unparsable files (one syntax error would
    otherwise stop the whole build), symbolic links out of the tree, FIFOs, names no import
    can reach and database migrations get no page; a good module that shares a bad file's
    name keeps its own.
    """
    from .api_items import fill_api_items

    fill_api_items(app, catalog)
