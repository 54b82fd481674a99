"""Find the backend's package and its Python files, and name each module.

A backend may be given as its checkout (``repo/`` holding ``src/``), as the package
folder itself (``repo/src``), or as a folder whose code imports its subpackages without a
package prefix (``from core.db import x``). :func:`detect_layout` works out which, so the
module names match the names the code itself imports.
"""

from __future__ import annotations

import keyword
import os
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath

#: Folders never descended into: tooling, virtual environments, caches, VCS data.
SKIPPED_DIRS = frozenset(
    {
        "__pycache__",
        "node_modules",
        "site-packages",
        "venv",
        ".venv",
        "env",
        ".env",
        ".git",
        ".hg",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "build",
        "dist",
    }
)

#: Folders that hold no application code when they sit next to the package.
NON_APPLICATION_DIRS = frozenset(
    {"tests", "test", "docs", "doc", "scripts", "migrations", "alembic"}
)

#: Folder names of database migrations (Alembic's ``env.py`` and ``versions/``) inside the
#: package: migration scripts, not application code.
MIGRATION_DIRS = frozenset({"alembic", "migrations"})

#: Why a file no import reaches is left out; these are reported together, in one line.
NOT_A_MODULE_NAME = "not a valid module name"
MIGRATION_SCRIPT = "database migration script"
#: A file another file of the same module name hides.
AMBIGUOUS = "another file has the same module name"
UNIMPORTABLE = frozenset({NOT_A_MODULE_NAME, MIGRATION_SCRIPT})

_APP_FACTORY = re.compile(rb"\bFastAPI\s*\(")
_ABSOLUTE_IMPORT = re.compile(rb"^[ \t]*(?:from|import)[ \t]+([A-Za-z_]\w*)", re.MULTILINE)
#: ``from a.b ...``, ``import a.b`` or ``from a import b``: the first two names.
_IMPORT_PATH = re.compile(
    rb"^[ \t]*(?:from|import)[ \t]+([A-Za-z_]\w*)(?:\.(\w+))?(?:[ \t]+import[ \t]+\(?[ \t]*(\w+))?",
    re.MULTILINE,
)


class SourceRootError(Exception):
    """The source root cannot be documented at all (missing, not a folder, no Python)."""


@dataclass(frozen=True)
class Layout:
    source_root: Path
    """The folder the user named (resolved)."""
    import_root: Path
    """The folder that is on ``sys.path`` when the backend runs."""
    package: str
    """The top-level package name, or ``""`` when modules are top-level in ``import_root``."""
    siblings: tuple[str, ...] = ()
    """Modules and packages beside the package, at the import root, that the package
    imports (``config.py`` at the top of the repository): read with it."""

    @property
    def package_dir(self) -> Path:
        return self.import_root / self.package if self.package else self.import_root


@dataclass
class SourceFile:
    path: Path
    """Absolute path."""
    relpath: str
    """Path relative to the source root, with ``/`` separators (stable across machines)."""
    module: str
    """Dotted module name as the backend imports it."""
    is_package: bool
    """True for ``__init__.py``."""


@dataclass
class FileListing:
    files: list[SourceFile] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """``(relpath, reason)`` for entries that were not read (symlinks leaving the tree...);
    a reason in :data:`UNIMPORTABLE` for a file no import reaches."""


def _is_package_dir(path: Path) -> bool:
    return (path / "__init__.py").is_file()


def _candidate_packages(folder: Path) -> list[Path]:
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [
        entry
        for entry in entries
        if entry.is_dir()
        and not entry.is_symlink()
        and entry.name not in SKIPPED_DIRS
        and entry.name not in NON_APPLICATION_DIRS
        and not entry.name.startswith(".")
        and _is_package_dir(entry)
    ]


#: How much of a file layout detection reads (it looks for imports and ``FastAPI(``).
HEAD_BYTES = 2_000_000


def _head(path: Path) -> bytes:
    """The start of a regular file; nothing for anything else (a FIFO would block the read,
    a link to a device would never end)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return b""
    with open(descriptor, "rb") as handle:
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return b""
            return handle.read(HEAD_BYTES)
        except OSError:
            return b""


def _package_heads(
    package_dir: Path, max_files: int = 400, max_depth: int | None = None
) -> Iterator[bytes]:
    """The start of each ``.py`` file of a package (the first ``max_files``, in walk
    order; folders at most ``max_depth`` below it): what layout detection reads."""
    seen = 0
    for dirpath, dirnames, filenames in os.walk(package_dir):
        depth = len(Path(dirpath).relative_to(package_dir).parts)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in SKIPPED_DIRS and (max_depth is None or depth < max_depth)
        )
        for name in sorted(filenames):
            if not name.endswith(".py"):
                continue
            seen += 1
            if seen > max_files:
                return
            yield _head(Path(dirpath) / name)


def _creates_app(package_dir: Path, max_files: int = 400) -> bool:
    """Whether a module near the top of the package creates a FastAPI application."""
    return any(
        _APP_FACTORY.search(head) for head in _package_heads(package_dir, max_files, max_depth=2)
    )


def _imports_without_prefix(package_dir: Path, max_files: int = 400) -> bool:
    """Whether the code inside ``package_dir`` imports its own subpackages by bare name.

    Counts absolute imports whose first name is a child of ``package_dir`` against those
    whose first name is the package itself.
    """
    votes = _import_votes(package_dir, max_files)
    return votes["bare"] > votes["prefixed"]


def _imports_itself_by_name(folder: Path) -> bool:
    """Whether the code in a folder without ``__init__.py`` imports its modules with the
    folder's name first (``from src.models import x`` inside ``src/``): a namespace package
    (PEP 420) that is the backend's top-level package."""
    if not folder.is_dir() or _is_package_dir(folder):
        return False
    votes = _import_votes(folder)
    return votes["prefixed"] > votes["bare"]


def _import_votes(package_dir: Path, max_files: int = 400) -> Counter[str]:
    """Absolute imports inside ``package_dir`` that start with its own name (``prefixed``)
    or with the name of one of its children (``bare``)."""
    children = {
        entry.stem if entry.suffix == ".py" else entry.name
        for entry in package_dir.iterdir()
        if (entry.is_dir() or entry.suffix == ".py") and entry.name != "__init__.py"
    }
    votes: Counter[str] = Counter()
    for source in _package_heads(package_dir, max_files):
        for match in _IMPORT_PATH.finditer(source):
            first = match.group(1).decode("ascii", "replace")
            second = (match.group(2) or match.group(3) or b"").decode("ascii", "replace")
            if first == package_dir.name:
                # ``from src.models import x`` / ``from src import models``: only when the
                # name after it is one of the folder's own (``from arq import cron``
                # in a folder named ``arq`` imports the library)
                if second in children:
                    votes["prefixed"] += 1
            elif first in children:
                votes["bare"] += 1
    return votes


def detect_layout(source_root: str | os.PathLike[str], package: str = "") -> Layout:
    """Work out the import root and the top-level package of a backend tree."""
    root = Path(source_root).expanduser()
    if not root.exists():
        raise SourceRootError(f"the source root {root} does not exist")
    if not root.is_dir():
        raise SourceRootError(f"the source root {root} is not a folder")
    root = root.resolve()

    if package:
        for folder in (root, root / "src"):
            if (folder / package).is_dir():
                return _with_siblings(Layout(root, folder, package))
        if root.name == package:
            return Layout(root, root.parent, package)
        raise SourceRootError(
            f"no package {package!r} in {root} (looked in {root} and {root / 'src'})"
        )

    if _is_package_dir(root):
        if _imports_without_prefix(root):
            return Layout(root, root, "")
        return Layout(root, root.parent, root.name)

    for folder in (root, root / "src"):
        if _imports_itself_by_name(folder):
            return Layout(root, folder.parent, folder.name)

    for folder in (root, root / "src"):
        candidates = _candidate_packages(folder)
        if len(candidates) == 1:
            return _with_siblings(Layout(root, folder, candidates[0].name))
        if len(candidates) > 1:
            with_app = [candidate for candidate in candidates if _creates_app(candidate)]
            if len(with_app) == 1:
                return _with_siblings(Layout(root, folder, with_app[0].name))
            return Layout(root, folder, "")
    # No package at all: loose modules (or namespace packages) in the root.
    return Layout(root, root, "")


#: Files at the top of a repository that are tooling, never imported by the application.
NOT_SIBLINGS = frozenset(
    {"setup", "conftest", "noxfile", "tasks", "fabfile", "manage", "gunicorn_conf", "__init__"}
)


def _with_siblings(layout: Layout) -> Layout:
    """The layout with the modules beside the package that the package imports by name
    (``from config import settings`` with ``config.py`` at the import root). Only looked
    for when there are such modules: most trees have none, and this runs on every build."""
    root = layout.import_root
    if not layout.package or not _inside(root, layout.source_root):
        return layout
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except OSError:
        return layout
    candidates = set()
    for entry in entries:
        name = entry.name
        try:
            if entry.is_symlink() or name.startswith("."):
                continue
            if name.endswith(".py") and entry.is_file() and name[:-3] not in NOT_SIBLINGS:
                candidates.add(name[:-3])
            elif (
                entry.is_dir()
                and name != layout.package
                and name not in SKIPPED_DIRS
                and name not in NON_APPLICATION_DIRS
                and os.path.isfile(os.path.join(entry.path, "__init__.py"))
            ):
                candidates.add(name)
        except OSError:
            continue
    candidates = {name for name in candidates if name.isidentifier()}
    if not candidates:
        return layout
    imported = _imported_names(layout.package_dir) & candidates
    if not imported:
        return layout
    return Layout(layout.source_root, root, layout.package, tuple(sorted(imported)))


def _imported_names(package_dir: Path, max_files: int = 400) -> set[str]:
    """The first names of the absolute imports in the package's files (the first
    ``max_files`` of them, from the top)."""
    return {
        match.group(1).decode("ascii", "replace")
        for head in _package_heads(package_dir, max_files)
        for match in _ABSOLUTE_IMPORT.finditer(head)
    }


def module_name_for(relative: PurePath | str) -> tuple[str, bool]:
    """Dotted name for a file path relative to the import root (``/`` separated when a
    string), and whether it is a package."""
    text = relative if isinstance(relative, str) else relative.as_posix()
    head, _, last = text.rpartition("/")
    if last.endswith(".py") and last != ".py":  # as Path.with_suffix("") does
        last = last[:-3]
    parts = [*head.split("/"), last] if head else [last]
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def _drop_ambiguous(listing: FileListing) -> None:
    """One file per module name, the one ``import`` finds; the others are skipped with the
    reason. A package (``dup/__init__.py``) wins over a module of its name (``dup.py``), as
    in Python; of names equal once normalised (``café`` in NFC and in NFD), the one already
    in the normal form Python gives identifiers (NFKC) is the one an import can find."""
    by_name: dict[str, list[SourceFile]] = {}
    for source in listing.files:
        by_name.setdefault(unicodedata.normalize("NFKC", source.module), []).append(source)
    dropped: set[str] = set()
    for name, sources in by_name.items():
        if len(sources) < 2:
            continue
        chosen = sorted(
            sources,
            key=lambda source: (
                source.module != name,  # the spelling an import finds
                not source.is_package,  # a package shadows a module of its name
                source.relpath,
            ),
        )[0]
        for source in sources:
            if source is not chosen:
                dropped.add(source.relpath)
                listing.skipped.append(
                    (source.relpath, f"{AMBIGUOUS} (an import of {name} finds {chosen.relpath})")
                )
    if dropped:
        listing.files = [source for source in listing.files if source.relpath not in dropped]


def _is_migrations_dir(path: str) -> bool:
    """An Alembic-style migrations folder: its ``env.py`` or its ``versions/`` folder."""
    return os.path.isfile(os.path.join(path, "env.py")) or os.path.isdir(
        os.path.join(path, "versions")
    )


def _python_files_below(folder: str) -> list[str]:
    """Every ``.py`` file below ``folder`` (symbolic links to folders not followed)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        found += [os.path.join(dirpath, name) for name in sorted(filenames) if name.endswith(".py")]
    return found


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def iter_source_files(layout: Layout) -> FileListing:
    """Every ``.py`` file of the package, in a stable order, never leaving the source root.

    Symlinked folders are not descended into (no loops, no escaping the tree); a symlinked
    file is read only when its target lies inside the source root.

    Runs on every build, changed or not, so it works on strings and directory entries (no
    extra ``stat`` per file): on a 20,000-module tree it is most of a no-change analysis.
    """
    listing = FileListing()
    top = layout.package_dir
    real_root = Path(os.path.realpath(layout.source_root))
    if _inside(top, layout.source_root) and not _inside(Path(os.path.realpath(top)), real_root):
        # a folder on the way (``src`` a symbolic link to elsewhere) leads out of the tree
        listing.skipped.append(
            (
                top.relative_to(layout.source_root).as_posix(),
                "symbolic link leading outside the source root, not followed",
            )
        )
        return listing
    in_source_root = _inside(top, layout.source_root)
    limit_root = layout.source_root if in_source_root else top
    # every path below ``top`` is inside the same one of the two
    base = str(layout.source_root if in_source_root else layout.import_root)
    import_root = str(layout.import_root)
    at_import_root_without_package = not layout.package

    def relative(path: str, root: str) -> str:
        return path[len(root.rstrip(os.sep)) + 1 :].replace(os.sep, "/")

    def folder_entries(folder: str) -> list[os.DirEntry]:
        try:
            with os.scandir(folder) as scanned:
                return sorted(scanned, key=lambda entry: entry.name)
        except OSError:
            return []  # as os.walk: an unreadable folder is left out

    def is_folder(entry: os.DirEntry) -> bool:
        try:
            return entry.is_dir()
        except OSError:
            return False

    def add_file(entry: os.DirEntry, folder_path: Path) -> None:
        name = entry.name
        relpath = relative(entry.path, base)
        path = folder_path / name
        if entry.is_symlink():
            try:
                target = path.resolve()
            except (OSError, RuntimeError):
                listing.skipped.append((relpath, "looping symbolic link"))
                return
            if not _inside(target, limit_root):
                listing.skipped.append(
                    (relpath, "symbolic link leading outside the source root, not followed")
                )
                return
            if not target.is_file():
                listing.skipped.append((relpath, "broken or looping symbolic link"))
                return
        elif not entry.is_file(follow_symlinks=False):
            listing.skipped.append((relpath, "not a regular file, not read"))
            return
        module, is_package = module_name_for(relative(entry.path, import_root))
        if not module:
            return  # the import root's own __init__.py: no module has that name
        if "." in name[:-3]:  # a.b.py: no import can name it (a.b is a/b.py)
            listing.skipped.append((relpath, NOT_A_MODULE_NAME))
            return
        if not all(
            part.isidentifier() and not keyword.iskeyword(part) for part in module.split(".")
        ):
            listing.skipped.append((relpath, NOT_A_MODULE_NAME))
            return
        listing.files.append(SourceFile(path, relpath, module, is_package))

    # the package first, then the packages beside it it imports (in name order), then the
    # modules beside it it imports
    siblings = [layout.import_root / sibling for sibling in layout.siblings]
    stack = [(str(path), path) for path in reversed(siblings) if path.is_dir()]
    stack.append((str(top), top))
    loose: list[os.DirEntry] = []
    if layout.siblings:
        wanted = {f"{sibling}.py" for sibling in layout.siblings}
        loose = [entry for entry in folder_entries(import_root) if entry.name in wanted]
    while stack:  # depth first, in name order: the order os.walk gives
        folder, folder_path = stack.pop()
        entries = folder_entries(folder)
        kept = []
        for entry in entries:
            name = entry.name
            if not is_folder(entry) or name in SKIPPED_DIRS or name.startswith("."):
                continue
            if entry.is_symlink():
                listing.skipped.append(
                    (relative(entry.path, base), "symbolic link to a folder, not followed")
                )
                continue
            if (
                at_import_root_without_package
                and folder == import_root
                and name in NON_APPLICATION_DIRS
            ):
                continue
            if name in MIGRATION_DIRS and _is_migrations_dir(entry.path):
                listing.skipped += [
                    (relative(path, base), MIGRATION_SCRIPT)
                    for path in _python_files_below(entry.path)
                ]
                continue
            kept.append((entry.path, folder_path / name))
        stack.extend(reversed(kept))
        for entry in entries:
            if entry.name.endswith(".py") and not is_folder(entry):
                add_file(entry, folder_path)
    for entry in loose:
        if not is_folder(entry):
            add_file(entry, Path(import_root))
    _drop_ambiguous(listing)
    return listing
