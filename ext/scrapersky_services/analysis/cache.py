"""Per-file facts cached by content, and the catalog cached by the facts it came from.

One folder per source tree (and analyser version) holds:

``index.pickle``
    every file's size, modification time and content hash, and the key of the inputs the
    cached catalog was made from;
``catalog.pickle``
    that catalog;
``facts-NN.pickle``
    the facts of the files, in 64 shards, so that one changed file rewrites one shard.

An unchanged tree loads the index and the catalog, nothing else. A touched but identical
file is hashed, not parsed. A changed file is parsed again, and only then are the other
files' facts loaded. Everything here is data this package wrote itself; files are written
atomically, and a cache that cannot be read or written only costs time.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .facts import ModuleFacts

SHARDS = 64


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the analyser's source: a new analyser never reads an old cache."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def content_hash(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def shard_of(relpath: str) -> int:
    return int(hashlib.sha1(relpath.encode(), usedforsecurity=False).hexdigest()[:4], 16) % SHARDS


@contextmanager
def no_gc():
    """The analysis makes millions of small tuples and frees none of them early: the cyclic
    collector would walk them again and again for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(path: Path) -> Any:
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)
    except (
        OSError,
        EOFError,
        pickle.UnpicklingError,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
    ):
        return None


def _dump(path: Path, data: Any) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(data, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        return


@dataclass
class TreeCache:
    folder: Path | None
    stats: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    """Relative path -> (size, mtime_ns, content hash)."""
    catalog_key: str | None = None
    lines: dict[str, int] = field(default_factory=dict)
    """Module -> line count, where it differs from the cached catalog's (files edited only
    in comments or blank lines since the catalog was made)."""

    @classmethod
    def open(cls, cache_dir: str | os.PathLike[str] | None, tree_key: str) -> TreeCache:
        if cache_dir is None:
            return cls(None)
        folder = Path(cache_dir) / f"tree-{tree_key}-{code_version()}"
        cache = cls(folder)
        index = _load(folder / "index.pickle")
        if isinstance(index, tuple) and len(index) == 3:
            cache.stats, cache.catalog_key, cache.lines = index
        return cache

    def catalog(self, key: str) -> Any:
        if self.folder is None or key != self.catalog_key:
            return None
        return _load(self.folder / "catalog.pickle")

    def facts(self) -> dict[str, tuple[str, ModuleFacts]]:
        """Relative path -> (content hash, facts), from every shard."""
        found: dict[str, tuple[str, ModuleFacts]] = {}
        if self.folder is None:
            return found
        for number in range(SHARDS):
            shard = _load(self.folder / f"facts-{number:02d}.pickle")
            if isinstance(shard, dict):
                found.update(shard)
        return found

    def shards_of(self, relpaths: set[str]) -> dict[str, dict[str, tuple[str, ModuleFacts]]]:
        """Relative path -> the cached shard holding it (one dict per shard, shared)."""
        loaded: dict[int, dict[str, tuple[str, ModuleFacts]]] = {}
        found = {}
        for relpath in relpaths:
            number = shard_of(relpath)
            if number not in loaded:
                shard = _load(self.folder / f"facts-{number:02d}.pickle") if self.folder else None
                loaded[number] = shard if isinstance(shard, dict) else {}
            found[relpath] = loaded[number]
        return found

    def save_shards(
        self,
        stats: dict[str, tuple[int, int, str]],
        shards: dict[str, dict[str, tuple[str, ModuleFacts]]],
        catalog_key: str,
        lines: dict[str, int],
    ) -> None:
        """Write the given shards (as returned by :meth:`shards_of`) and the index, which
        now says that the cached catalog, with these line counts, answers ``catalog_key``."""
        if self.folder is None:
            return
        for relpath, shard in shards.items():
            _dump(self.folder / f"facts-{shard_of(relpath):02d}.pickle", shard)
        _dump(self.folder / "index.pickle", (stats, catalog_key, lines))
        self.stats, self.catalog_key, self.lines = stats, catalog_key, lines

    def save(
        self,
        stats: dict[str, tuple[int, int, str]],
        facts: dict[str, tuple[str, ModuleFacts]] | None,
        changed: set[str],
        catalog_key: str,
        catalog: Any,
    ) -> None:
        """Write the index, the catalog, and the shards that hold a changed file."""
        if self.folder is None:
            return
        self.save_facts(facts, changed)
        if catalog is not None:
            _dump(self.folder / "catalog.pickle", catalog)
            self.lines = {}
        _dump(self.folder / "index.pickle", (stats, catalog_key, self.lines))
        self.stats, self.catalog_key = stats, catalog_key

    def save_facts(
        self, facts: dict[str, tuple[str, ModuleFacts]] | None, changed: set[str]
    ) -> None:
        """Write the shards that hold a changed (or removed) file. The index keeps the old
        file stats until :meth:`save` runs, so a run cut short in between re-parses those
        files next time and builds the catalog afresh."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        if facts is not None and changed:
            touched = {shard_of(relpath) for relpath in changed}
            shards: dict[int, dict[str, tuple[str, ModuleFacts]]] = {
                number: {} for number in touched
            }
            for relpath, entry in facts.items():
                number = shard_of(relpath)
                if number in shards:
                    shards[number][relpath] = entry
            # The shards are about to hold facts the cached catalog was not built from:
            # until save() writes the new one, no run may reuse it.
            self.catalog_key = ""
            _dump(self.folder / "index.pickle", (self.stats, self.catalog_key, self.lines))
            for number, shard in shards.items():
                _dump(self.folder / f"facts-{number:02d}.pickle", shard)
