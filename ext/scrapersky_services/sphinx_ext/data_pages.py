"""The maintainers' own pages about the backend they document, from its data folder (the
home page's introduction is :mod:`.directives.site`).

The repository's ``docs/`` hold only pages that fit any backend; everything written about
one backend comes from its data folder (:mod:`..data_folder`). Its ``pages/`` are copied
into ``docs/backend/`` on ``builder-inited`` (a file is written only when its text changed,
and files whose source is gone are removed, so an unchanged folder makes Sphinx read
nothing); without a data folder, a neutral page takes their place.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ..data_folder import load_data_folder
from .api_site import building_api_pages
from .files import write_if_changed

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Folder of the source directory the data folder's pages are copied to.
BACKEND_PAGES = "backend"
#: Written when the data folder has no pages of its own (an orphan: a project that does not
#: list it in a toctree is not warned about it).
NEUTRAL_INDEX = """\
---
orphan: true
---

# About this backend

The maintainers' own pages about the backend — a context guide, architecture notes, work
orders — live in its data folder (`scrapersky_data_dir`, or the `SCRAPERSKY_DATA`
environment variable), under `pages/`, and appear here. This build has none:
`python -m scrapersky_services init` writes a first data folder for a backend.
"""
COPIED_SUFFIXES = frozenset({".md", ".rst", ".txt", ".png", ".svg", ".jpg", ".jpeg", ".gif"})


def copy_data_pages(app: Sphinx) -> None:
    """``builder-inited``: the data folder's ``pages/`` as ``docs/backend/``."""
    if building_api_pages():
        return  # that build reads only the API pages
    target = Path(app.srcdir) / BACKEND_PAGES
    data = load_data_folder(app.config.scrapersky_data_dir or None)
    wanted: dict[Path, bytes] = {}
    if data.pages is not None:
        for path in sorted(data.pages.rglob("*")):
            if path.is_file() and not path.is_symlink() and path.suffix in COPIED_SUFFIXES:
                relative = path.relative_to(data.pages)
                if not any(part.startswith((".", "_")) for part in relative.parts):
                    wanted[target / relative] = path.read_bytes()
    if target / "index.md" not in wanted and target / "index.rst" not in wanted:
        wanted[target / "index.md"] = NEUTRAL_INDEX.encode()
    for path, content in wanted.items():
        write_if_changed(path, content)
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                shutil.rmtree(path)
