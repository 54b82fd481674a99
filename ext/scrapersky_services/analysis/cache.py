"""Per-file facts cached by content, and the catalog cached by the facts it came from.

One folder per source tree (and analyser version) holds:

``index.pickle``
    every file's size, modification time and content hash, the key of the inputs the
    cached catalog was made from, and the key of the rest of those inputs (options,
    analyser, skipped files);
``index-overlay.pickle``
    what runs that reused the catalog changed since the index was last written whole (the
    new stats of files edited where the catalog's build did not look, the key, the line
    counts), so that such a run writes a few entries, not the whole index;
``catalog.pickle``
    that catalog, and the callee names its build read from the call indexes;
``reads-NN.pickle``
    what else its build read from the facts (:class:`~.facts.Reads`), by module, in 64
    shards: an edit loads only its module's part (at 20,000 modules the whole is 3.5 MB,
    a shard 55 kB);
``facts-NNN.pickle``
    the facts of the files, in 512 shards, so that one changed file reads and rewrites a
    few dozen files' facts at most, even on a 20,000-module tree. A file edited only where
    the cached catalog's build did not look keeps there the facts that catalog was made
    from, under their old content hash: the next run that builds a catalog parses it again.

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
import sys
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .parse.facts import ModuleFacts

SHARDS = 512
READ_SHARDS = 64
#: Past this many entries the overlay is folded into a whole new index.
OVERLAY_MAX = 256


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the analyser's source and of the Python that parses: a new analyser (or a
    Python that reads newer syntax) never reads an old cache."""
    digest = hashlib.sha256(repr(sys.version_info[:2]).encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def content_hash(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def shard_of(relpath: str, shards: int = SHARDS) -> int:
    return int(hashlib.sha1(relpath.encode(), usedforsecurity=False).hexdigest()[:4], 16) % shards


def catalog_inputs_key(context: str, stats: dict[str, tuple[int, int, str]]) -> str:
    """The key of a catalog's inputs: the rest of them (``context``) and every file's
    content hash (``stats``: relative path -> size, modification time, hash). A sum of
    one hash per file, so that an edit updates it for the edited files instead of hashing
    every file again (14 ms at 20,000 modules)."""
    total = _entry_hash("", context)
    for path, entry in stats.items():
        total += _entry_hash(path, entry[2])
    return _key_text(total)


def _entry_hash(path: str, digest: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{path}\0{digest}".encode()).digest(), "big")


def _key_text(total: int) -> str:
    """A sum of entry hashes as a key (mod 2^256, 64 hex digits); :func:`int` with base 16
    reads it back for an update."""
    return f"{total % (1 << 256):064x}"


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


def _dump(path: Path, data: Any) -> bool:
    """Write ``data`` to ``path`` atomically: to a new file beside it, then renamed.
    Whether it was written."""
    # A random name created exclusively, as tempfile.mkstemp does, without importing
    # tempfile: 5 ms, more than parsing the one file a small edit makes a run re-read.
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
    stats: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    """Relative path -> (size, mtime_ns, content hash)."""
    catalog_key: str | None = None
    """The key of the cached catalog's inputs (:func:`catalog_inputs_key`), always stored
    with the ``stats`` and ``context`` it is made of, so that :meth:`key_for` can reuse it
    and :meth:`record_unread_edits` update it. ``""`` when no catalog may be reused."""
    lines: dict[str, int] = field(default_factory=dict)
    """Module -> line count, where it differs from the cached catalog's (files edited since
    the catalog was made, where its build did not look)."""
    context: str = ""
    """The key of the inputs other than the files, with which ``catalog_key`` was made."""
    overlay: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    """The stats written to the overlay since the whole index was last written."""

    @classmethod
    def open(cls, cache_dir: str | os.PathLike[str] | None, tree_key: str) -> TreeCache:
        if cache_dir is None:
            return cls(None)
        folder = Path(cache_dir) / f"tree-{tree_key}-{code_version()}"
        cache = cls(folder)
        index = _load(folder / "index.pickle")
        if not (isinstance(index, tuple) and len(index) == 4):
            return cache
        cache.stats, cache.catalog_key, cache.lines, cache.context = index
        overlay = _load(folder / "index-overlay.pickle")
        if isinstance(overlay, tuple) and len(overlay) == 4:
            cache.overlay, cache.catalog_key, cache.lines, cache.context = overlay
            cache.stats.update(cache.overlay)
        return cache

    def _write_index(self) -> bool:
        """The whole index; the overlay goes first, so that a stale one never applies.
        Whether it was written."""
        try:
            (self.folder / "index-overlay.pickle").unlink(missing_ok=True)
        except OSError:
            return False  # an overlay that cannot be removed must not be left under a new index
        self.overlay = {}
        return _dump(
            self.folder / "index.pickle", (self.stats, self.catalog_key, self.lines, self.context)
        )

    def key_for(self, stats: dict[str, tuple[int, int, str]], context: str) -> str:
        """The key of a catalog made from these inputs: the stored key when they are the
        stored ones, without hashing every file's entry again."""
        if self.catalog_key and self.context == context and stats == self.stats:
            return self.catalog_key
        return catalog_inputs_key(context, stats)

    def catalog(self, key: str) -> Any:
        if self.folder is None or key != self.catalog_key:
            return None
        return _load(self.folder / "catalog.pickle")

    def reads_of(self, modules: set[str]) -> dict[str, Any] | None:
        """Module -> what the cached catalog's build read from it, for these modules (one
        not there was not read); ``None`` when a shard cannot be read."""
        found: dict[str, Any] = {}
        for number in {shard_of(module, READ_SHARDS) for module in modules}:
            shard = _load(self.folder / f"reads-{number:02d}.pickle") if self.folder else None
            if not isinstance(shard, dict):
                return None
            found.update((module, shard[module]) for module in modules if module in shard)
        return found

    def facts(self) -> dict[str, tuple[str, ModuleFacts]]:
        """Relative path -> (content hash, facts), from every shard."""
        found: dict[str, tuple[str, ModuleFacts]] = {}
        if self.folder is None:
            return found
        for number in range(SHARDS):
            shard = _load(self.folder / f"facts-{number:03d}.pickle")
            if isinstance(shard, dict):
                found.update(shard)
        return found

    def facts_of(self, relpaths: set[str]) -> dict[str, tuple[str, ModuleFacts]]:
        """Relative path -> (content hash, facts), for those of these files the shards hold."""
        found: dict[str, tuple[str, ModuleFacts]] = {}
        for number in {shard_of(relpath) for relpath in relpaths}:
            shard = _load(self.folder / f"facts-{number:03d}.pickle") if self.folder else None
            if isinstance(shard, dict):
                found.update((path, shard[path]) for path in relpaths if path in shard)
        return found

    def record_unread_edits(
        self, stats: dict[str, tuple[int, int, str]], edited: set[str], lines: dict[str, int]
    ) -> None:
        """Record that the cached catalog (which there must be, made with the current
        context), with these line counts, answers for ``stats``, where the ``edited`` files
        changed only where its build did not look: in the overlay (their new stats), or a
        whole index when it has grown. Its key is updated for the edited files alone. Their
        facts shards keep the facts the catalog was built from (a content hash that no
        longer matches the file's tells the next full build to parse it again), so that this
        writes one file, and a later edit is compared with what the catalog was made from."""
        if self.folder is None:
            return
        total = int(self.catalog_key, 16)
        for relpath in edited:
            total += _entry_hash(relpath, stats[relpath][2])
            total -= _entry_hash(relpath, self.stats[relpath][2])
        catalog_key = _key_text(total)
        overlay = {**self.overlay, **{relpath: stats[relpath] for relpath in edited}}
        self.stats, self.catalog_key, self.lines = stats, catalog_key, lines
        if len(overlay) > OVERLAY_MAX:
            self._write_index()
            return
        self.overlay = overlay
        _dump(
            self.folder / "index-overlay.pickle",
            (overlay, catalog_key, lines, self.context),
        )

    def save(
        self,
        stats: dict[str, tuple[int, int, str]],
        facts: dict[str, tuple[str, ModuleFacts]] | None,
        changed: set[str],
        catalog_key: str,
        catalog: Any,
        context: str,
        reads: dict[str, Any] | None = None,
    ) -> None:
        """Write the index, the catalog with what its build read by module (``reads``,
        emptied once written: the catalog is written after it, at the peak of a run), and
        the shards that hold a changed file."""
        if self.folder is None:
            return
        self.save_facts(facts, changed)
        if catalog is not None:
            if not self._write_catalog(catalog, reads or {}):
                catalog_key = ""  # a stale part would answer for the new catalog
            self.lines = {}
        self.stats, self.catalog_key, self.context = stats, catalog_key, context
        self._write_index()

    def _write_catalog(self, catalog: Any, reads: dict[str, Any]) -> bool:
        """Write the catalog and what its build read; whether all of it was written."""
        if self.catalog_key:
            # The index on disk names the catalog about to be replaced: were this run cut
            # short before the new index, the new catalog would answer for the old inputs.
            self.catalog_key = ""
            if not self._write_index():
                return False
        shards: list[dict[str, Any]] = [{} for _ in range(READ_SHARDS)]
        for module, part in reads.items():
            shards[shard_of(module, READ_SHARDS)][module] = part
        # every shard, empty ones too: none may be left from an older catalog
        written = True
        for number, shard in enumerate(shards):
            written = _dump(self.folder / f"reads-{number:02d}.pickle", shard) and written
        del shards
        reads.clear()
        return _dump(self.folder / "catalog.pickle", catalog) and written

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
            self._write_index()
            for number, shard in shards.items():
                _dump(self.folder / f"facts-{number:03d}.pickle", shard)
