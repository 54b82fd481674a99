"""What the site says about the backend it documents: the home page's introduction, the
tree and commit it was built from, and the maintainers' own pages from the data folder.

The repository's ``docs/`` hold only pages that fit any backend; everything written about
one backend comes from its data folder (:mod:`..data_folder`). Its ``pages/`` are copied
into ``docs/backend/`` on ``builder-inited`` (a file is written only when its text changed,
and files whose source is gone are removed, so an unchanged folder makes Sphinx read
nothing); without a data folder, a neutral page takes their place.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes

from ..data_folder import load_data_folder
from .directive_base import ScraperskyDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .build import BuildState

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


def _write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def copy_data_pages(app: Sphinx) -> None:
    """``builder-inited``: the data folder's ``pages/`` as ``docs/backend/``."""
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
        _write_if_changed(path, content)
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                shutil.rmtree(path)


class IntroDirective(ScraperskyDirective):
    """The home page's introduction: the data folder's words (as text), or neutral ones,
    and the tree and commit the site was built from."""

    option_spec: ClassVar = {}

    @classmethod
    def data(cls, state: BuildState, arguments: tuple[str, ...], options: dict[str, str]) -> object:
        revision = state.revision
        return [
            state.site.intro,
            state.catalog.package,
            len(state.catalog.modules),
            revision.tree,
            revision.commit,
            revision.branch,
            sys.version_info[:2],
        ]

    def render(self) -> list[nodes.Node]:
        state = self.state_
        result: list[nodes.Node] = []
        if state.site.intro:
            for block in state.site.intro.split("\n\n"):
                text = " ".join(block.split())
                if text:
                    result.append(nodes.paragraph(text, text))
        else:
            package = state.catalog.package or "the backend"
            text = (
                f"The background work of {package}: scheduled jobs, tasks that endpoints "
                "start, and loops that poll the database, as its code has them."
            )
            result.append(nodes.paragraph(text, text))
        revision = state.revision
        paragraph = nodes.paragraph("", "Built from ")
        paragraph += nodes.literal(revision.tree, revision.tree)
        if revision.commit:
            paragraph += nodes.Text(", commit ")
            paragraph += nodes.literal(revision.short, revision.short)
            if revision.branch:
                paragraph += nodes.Text(" on ")
                paragraph += nodes.literal(revision.branch, revision.branch)
        else:
            paragraph += nodes.Text(" (not a git checkout)")
        python = "{}.{}".format(*sys.version_info[:2])
        paragraph += nodes.Text(f": {len(state.catalog.modules)} modules read by Python {python}.")
        paragraph["classes"].append("scrapersky-provenance")
        result.append(paragraph)
        return result


SITE_DIRECTIVES = {"scrapersky-intro": IntroDirective}
