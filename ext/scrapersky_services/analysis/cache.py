"""Per-file facts cached by content, and the catalog cached by all of its inputs.

One folder per source tree, analyser version and Python version holds:

``index.pickle``
    every file's size, modification time and content hash (so that an untouched file is
    not even read), and the key of the inputs the cached catalog was made from;
``facts.pickle``
    every file's facts, under the content hash they were made from;
``catalog.pickle``
    the catalog, with the key of its inputs: the rest of them (options, skipped files)
    and every file's content hash.

An unchanged tree loads the index and the catalog, nothing else. A touched but identical
file is hashed, not parsed. Any change in content parses the changed files again, takes
the other files' facts from the cache and builds the catalog afresh. Everything here is
data this package wrote itself; files are written atomically, and a cache that cannot be
read or written only costs time.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .parse.facts import ModuleFacts

Stats = dict[str, tuple[int, int, str]]
"""Relative path -> (size, mtime_ns, content hash)."""


@lru_cache(maxsize=4)
def code_version(python: tuple[int, int] = sys.version_info[:2]) -> str:
    """A hash of the analyser's source and of the Python that parses: a new analyser (or a
    Python that reads newer syntax) never reads an old cache."""
    digest = hashlib.sha256(repr(tuple(python)).encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def content_hash(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def inputs_key(context: str, stats: Stats) -> str:
    """The key of a catalog's inputs: the rest of them (``context``) and every file's
    content hash."""
    digest = hashlib.sha256(context.encode())
    for relpath in sorted(stats):
        digest.update(f"\0{relpath}\0{stats[relpath][2]}".encode())
    return digest.hexdigest()


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
    except Exception:  # an unreadable cache file is a missing one
        return None


def _dump(path: Path, data: Any) -> bool:
    """Write ``data`` to ``path`` atomically: to a new file beside it, then renamed.
    Whether it was written."""
    # A random name created exclusively, as tempfile.mkstemp does, without importing
    # tempfile (5 ms, a noticeable part of a warm run on a small tree).
    temporary = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    written = False
    try:
        try:
            handle = os.open(temporary, flags, 0o666)
        except FileNotFoundError:  # a new folder (made here, not before every write)
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(temporary, flags, 0o666)
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(data, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        written = True
    except OSError:
        pass  # a cache that cannot be written only costs time
    finally:
        if not written:  # the write failed or was cut short: nothing is left behind
            with suppress(OSError):
                temporary.unlink()
    return written


@dataclass
class TreeCache:
    folder: Path | None
    stats: Stats = field(default_factory=dict)
    """The files as the last run saw them."""
    catalog_key: str = ""
    """The key of the inputs of the catalog the last run wrote (``""``: none)."""

    @classmethod
    def open(cls, cache_dir: str | os.PathLike[str] | None, tree_key: str) -> TreeCache:
        if cache_dir is None:
            return cls(None)
        cache = cls(Path(cache_dir) / f"tree-{tree_key}-{code_version()}")
        index = _load(cache.folder / "index.pickle")
        if (
            isinstance(index, tuple)
            and len(index) == 2
            and isinstance(index[0], dict)
            and isinstance(index[1], str)
        ):
            cache.stats, cache.catalog_key = index
        return cache

    def catalog(self, key: str) -> Any:
        """The cached catalog made from the inputs ``key``, or ``None``."""
        if self.folder is None or not key or key != self.catalog_key:
            return None
        stored = _load(self.folder / "catalog.pickle")
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key:
            return stored[1]
        return None  # written by a run cut short before its index

    def facts(self) -> dict[str, tuple[str, ModuleFacts]]:
        """Relative path -> (content hash, facts)."""
        stored = _load(self.folder / "facts.pickle") if self.folder else None
        return stored if isinstance(stored, dict) else {}

    def save_facts(self, facts: dict[str, tuple[str, ModuleFacts]]) -> None:
        if self.folder is not None:
            _dump(self.folder / "facts.pickle", facts)

    def save(self, stats: Stats, key: str, catalog: Any = None) -> None:
        """Write the catalog made from the inputs ``key`` (when given), then the index. The
        catalog carries its key, so that one written by a run cut short before its index
        never answers for other inputs."""
        if self.folder is None:
            return
        if catalog is not None and not _dump(self.folder / "catalog.pickle", (key, catalog)):
            key = ""
        self.stats, self.catalog_key = stats, key
        _dump(self.folder / "index.pickle", (stats, key))
