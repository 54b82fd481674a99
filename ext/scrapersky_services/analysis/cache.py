"""Per-file facts cached by content, and whole catalogs cached by the facts they came from.

An unchanged file is not even read (its size and modification time match); a touched but
identical file is read and hashed, not parsed; a changed file is parsed again. The cache
is one pickle per source tree, written atomically, and invalidated whenever the analyser's
own code changes. It holds only data this package wrote, never anything from the analysed
code's execution.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .facts import ModuleFacts


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


@dataclass
class Entry:
    size: int
    mtime_ns: int
    digest: str
    facts: ModuleFacts


@dataclass
class FactsCache:
    path: Path | None
    entries: dict[str, Entry] = field(default_factory=dict)
    catalogs: dict[str, Any] = field(default_factory=dict)
    """Catalog JSON by the key of its inputs (only the latest is kept)."""
    dirty: bool = False

    @classmethod
    def load(cls, cache_dir: str | os.PathLike[str] | None, tree_key: str) -> FactsCache:
        if cache_dir is None:
            return cls(None)
        path = Path(cache_dir) / f"facts-{tree_key}-{code_version()}.pickle"
        try:
            with path.open("rb") as stream:
                entries, catalogs = pickle.load(stream)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
            return cls(path)
        return cls(path, entries, catalogs)

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for stale in self.path.parent.glob(self.path.name.rsplit("-", 1)[0] + "-*.pickle"):
                if stale != self.path:
                    stale.unlink(missing_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump((self.entries, self.catalogs), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:
            return  # a cache that cannot be written only costs time
        self.dirty = False
