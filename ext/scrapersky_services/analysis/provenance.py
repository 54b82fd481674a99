"""Which tree, and which commit of it, a build documents.

Read from the files of the checkout's ``.git`` (``HEAD``, the ref it names, loose or packed),
never by running git: the machine that builds the docs may have no git, and reading three
small files is deterministic. A tree that is not a git checkout has no commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
#: Folders looked at above the source root for ``.git`` (a checkout's ``src/`` is one level).
MAX_LEVELS_UP = 8
MAX_READ = 1 << 20


@dataclass(frozen=True)
class Revision:
    tree: str
    """The source root's folder name (its full path differs between machines)."""
    commit: str = ""
    """Full commit id, or ``""`` when the tree is not a git checkout."""
    branch: str = ""

    @property
    def short(self) -> str:
        return self.commit[:12]


def _read(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_READ).decode("utf-8", "replace")
    except OSError:
        return ""


def _git_dir(start: Path) -> tuple[Path, Path] | None:
    """``(checkout, git dir)`` of the checkout holding ``start``."""
    folder = start
    for _ in range(MAX_LEVELS_UP):
        candidate = folder / ".git"
        if candidate.is_dir():
            return folder, candidate
        if candidate.is_file():  # a worktree or submodule: "gitdir: <path>"
            text = _read(candidate).strip()
            if text.startswith("gitdir:"):
                target = (folder / text[len("gitdir:") :].strip()).resolve()
                if target.is_dir():
                    return folder, target
        if folder.parent == folder:
            break
        folder = folder.parent
    return None


def _common_dir(git_dir: Path) -> Path:
    """Where refs live: a worktree's git dir names the main one in ``commondir``."""
    common = _read(git_dir / "commondir").strip()
    return (git_dir / common).resolve() if common else git_dir


def _resolve_ref(git_dir: Path, ref: str) -> str:
    for folder in (git_dir, _common_dir(git_dir)):
        loose = _read(folder / ref).strip()
        if _SHA.fullmatch(loose):
            return loose
        for line in _read(folder / "packed-refs").splitlines():
            sha, _, name = line.partition(" ")
            if name.strip() == ref and _SHA.fullmatch(sha):
                return sha
    return ""


def tree_revision(source_root: str | Path) -> Revision:
    """The tree's name and, when it is a git checkout, its commit and branch."""
    root = Path(source_root).resolve()
    found = _git_dir(root)
    if found is None:
        return Revision(root.name)
    _checkout, git_dir = found
    head = _read(git_dir / "HEAD").strip()
    if head.startswith("ref:"):
        ref = head[len("ref:") :].strip()
        branch = ref.removeprefix("refs/heads/")
        return Revision(root.name, _resolve_ref(git_dir, ref), branch)
    return Revision(root.name, head if _SHA.fullmatch(head) else "")
