"""sphinx-autodoc2's item database with an index of children.

sphinx-autodoc2 re-renders every API page on every build, even when nothing changed, and
each page asks its database for the children of every item. Its ``InMemoryDb`` answers by
scanning all items (``startswith`` on each): quadratic in the size of the documented tree.
On a no-change rebuild of this site that scan was most of the time spent
(:doc:`/performance`). :class:`IndexedDb` keeps the same items and answers the same
questions in the same order from a parent → children index; it is installed through the
documented place sphinx-autodoc2 looks for its database (``env.autodoc2_db``) before
sphinx-autodoc2 runs, so the library itself is untouched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from autodoc2.db import InMemoryDb

if TYPE_CHECKING:
    from collections.abc import Iterable

    from autodoc2.utils import ItemData
    from sphinx.application import Sphinx


class IndexedDb(InMemoryDb):
    """``InMemoryDb`` whose children queries cost the number of children, not of items."""

    def __init__(self) -> None:
        super().__init__()
        #: parent name -> its children's names, in insertion order (as ``_items`` is)
        self._children: dict[str, dict[str, None]] = {}

    @classmethod
    def from_db(cls, db: InMemoryDb) -> IndexedDb:
        """The same items and overloads, in the same order, indexed."""
        indexed = cls()
        indexed._items = dict(db._items)
        indexed._overloads = {name: list(items) for name, items in db._overloads.items()}
        indexed._reindex()
        return indexed

    def _reindex(self) -> None:
        self._children = {}
        for name in self._items:
            self._link(name)

    def _link(self, name: str) -> None:
        parent, dot, _ = name.rpartition(".")
        if dot:
            self._children.setdefault(parent, {})[name] = None

    def _unlink(self, name: str) -> None:
        parent, dot, _ = name.rpartition(".")
        siblings = self._children.get(parent) if dot else None
        if siblings is not None:
            siblings.pop(name, None)
            if not siblings:
                del self._children[parent]

    def add(self, item: ItemData) -> None:
        super().add(item)
        if item["type"] != "overload":
            self._link(item["full_name"])

    def remove(self, full_name: str, descendants: bool) -> None:
        doomed = [full_name]
        if descendants:
            prefix = full_name + "."
            doomed += [name for name in self._items if name.startswith(prefix)]
        super().remove(full_name, descendants)
        for name in doomed:
            self._unlink(name)

    def get_children(
        self, full_name: str, types: set[str] | None = None, *, sort_name: bool = False
    ) -> Iterable[ItemData]:
        items = (self._items[name] for name in self._children.get(full_name, ()))
        selected = [item for item in items if types is None or item["type"] in types]
        if sort_name:
            selected.sort(key=lambda item: item["full_name"])
        return iter(selected)

    def get_children_names(
        self, full_name: str, types: set[str] | None = None, *, sort_name: bool = False
    ) -> Iterable[str]:
        names = [item["full_name"] for item in self.get_children(full_name, types)]
        if sort_name:
            names.sort()
        return iter(names)

    @classmethod
    def read(cls, stream) -> IndexedDb:
        db = super().read(stream)
        db._reindex()
        return db


def install_indexed_db(app: Sphinx) -> None:
    """Give sphinx-autodoc2 the indexed database, carrying over what a previous build's
    environment already holds."""
    current = getattr(app.env, "autodoc2_db", None)
    if isinstance(current, IndexedDb):
        return
    app.env.autodoc2_db = IndexedDb.from_db(current) if current is not None else IndexedDb()
