"""The backend's items in sphinx-autodoc2's database: the modules the analysis read, by path.

sphinx-autodoc2 finds a package's modules itself and can leave files out only by their bare
name (``exclude_files``): leaving out an unparsable ``tasks/email_scraper.py`` so also left
out the good ``utils/sub/email_scraper.py``. Writing pages, it walks children from the root
package, so a module below a folder without ``__init__.py`` (a namespace package) got no
page either.

So this step, on ``builder-inited`` after the analysis and before sphinx-autodoc2 (500),
fills sphinx-autodoc2's database for each of the backend's packages with exactly the
modules the analysis read and parsed (with sphinx-autodoc2's own analyser), adds a
``package`` item for each namespace folder above them, and records the result in
sphinx-autodoc2's analysis cache (``env.autodoc2_cache``, keyed by the package's path and the
hash sphinx-autodoc2 itself computes), where sphinx-autodoc2 finds it and only writes the
pages. The library is untouched; nothing is analysed twice.

When the package changed, only the modules whose analysis can differ are analysed again:
each module's items are kept in the environment with a key of what sphinx-autodoc2's
analysis of it reads (its file, and through astroid's inference the project modules it
imports, directly or not, and their packages). One edited module so costs its analysis and
its importers', not the whole package's (12 s at 1,000 modules), and the database is the
one a full analysis makes, in the same order.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import weakref
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from autodoc2.analysis import analyse_module
from autodoc2.db import UniqueError
from autodoc2.sphinx.utils import get_all_analyser, load_config
from autodoc2.utils import yield_modules
from sphinx.util import logging
from sphinx.util.display import status_iterator

from ..warnings_ import WarningSubtype, warn, warning_location
from .api_db import IndexedDb, install_indexed_db
from .api_site import MAX_PAGE_NAME, has_api_page

LOGGER = logging.getLogger(__name__)

if TYPE_CHECKING:
    from autodoc2.config import PackageConfig
    from autodoc2.utils import ItemData
    from sphinx.application import Sphinx

    from ..analysis.catalog import Catalog

#: Changed when what this step puts in the database changes: a kept environment is redone.
ITEMS_VERSION = "2"
#: This step's key in sphinx-autodoc2's cache entry of a package (which compares only its
#: own ``hash`` and ``root_module``).
CACHE_KEY = "scrapersky_items"


def fill_api_items(app: Sphinx, catalog: Catalog) -> None:
    """Put the modules the analysis read in sphinx-autodoc2's database (see the module)."""
    if not app.config.scrapersky_api_pages or "autodoc2_packages" not in app.config:
        return
    read = {module.name for module in catalog.modules if has_api_page(module)}
    too_long = sorted(
        module.path for module in catalog.modules if len(module.name.encode()) > MAX_PAGE_NAME
    )
    if too_long:
        LOGGER.info(
            "scrapersky: %d module(s) get no API page: their names are too long for a file "
            "name (%d bytes at most): %s",
            len(too_long),
            MAX_PAGE_NAME,
            ", ".join(too_long[:3]) + (", …" if len(too_long) > 3 else ""),
        )
    backend = {module.name.split(".")[0] for module in catalog.modules}
    if not backend:
        return
    # by path too: of two files with one module name (dup.py beside dup/), the one the
    # analysis read
    files = {os.path.realpath(Path(catalog.root) / module.path) for module in catalog.modules}
    _exclude_unreadable_files(app, read, backend)
    install_indexed_db(app)
    for package in load_config(app).packages:
        path = Path(app.srcdir) / PurePosixPath(package.path)
        root = package.module or path.name
        if package.from_git_clone is None and root in backend and path.is_dir():
            _fill_package(app, package, path, root, read, files, catalog)


def _modules(package: PackageConfig, path: Path, root: str) -> list[tuple[Path, str]]:
    """The modules sphinx-autodoc2 finds in the package, as it finds them."""
    return list(
        yield_modules(
            path,
            root_module=root,
            exclude_dirs=package.exclude_dirs,
            exclude_files=package.exclude_files,
        )
    )


def module_name(name: str) -> str:
    """The module's name from sphinx-autodoc2's name of its file (``pkg.__init__``)."""
    return name.removesuffix(".__init__")


def _exclude_unreadable_files(app: Sphinx, read: set[str], backend: set[str]) -> None:
    """Leave out, by name, the files that sphinx-autodoc2 must not even read to hash them:
    FIFOs and sockets (a read would block), symbolic links the analysis did not follow,
    files that cannot be read, files larger than the analysis reads. A module of the same name elsewhere loses its page too;
    every other file the analysis did not read stays in and is merely not analysed.

    A backend module documented as a file of its own (a top-level module of a backend
    without a package) is left out entirely when the analysis did not read it: its
    analysis cannot be taken over, and one syntax error would stop the build."""
    entries = list(app.config.autodoc2_packages)
    kept = []
    for entry, package in zip(entries, load_config(app).packages, strict=True):
        path = Path(app.srcdir) / PurePosixPath(package.path)
        root = package.module or (path.stem if path.is_file() else path.name)
        if package.from_git_clone or root not in backend:
            kept.append(entry)
        elif path.is_file():
            if module_name(root) in read:
                kept.append(entry)
        elif path.is_dir() and isinstance(entry, dict):
            names = {
                module_path.name
                for module_path, name in _modules(package, path, root)
                if module_name(name) not in read and not _plain_readable_file(module_path)
            }
            literal = [re.sub(r"([][*?])", r"[\1]", name) for name in sorted(names)]
            excluded = [*entry.get("exclude_files", ()), *literal]
            kept.append({**entry, "exclude_files": excluded} if names else entry)
        else:
            kept.append(entry)
    if kept != entries:
        # for sphinx-autodoc2's own builder-inited step only: put back after it
        # (restore_packages), or the saved configuration never matches the next build's and
        # Sphinx reads every page again
        _ORIGINAL_PACKAGES[app] = entries
        app.config.autodoc2_packages = kept


#: ``autodoc2_packages`` as the configuration has it, while a changed list is in force.
_ORIGINAL_PACKAGES: weakref.WeakKeyDictionary[Sphinx, list[Any]] = weakref.WeakKeyDictionary()


def restore_packages(app: Sphinx) -> None:
    """``builder-inited``, after sphinx-autodoc2 (500): the configured package list again."""
    original = _ORIGINAL_PACKAGES.pop(app, None)
    if original is not None:
        app.config.autodoc2_packages = original


def _plain_readable_file(path: Path) -> bool:
    """A regular, readable file no larger than the analysis reads (a larger one would be
    read whole just to be hashed)."""
    from ..analysis.parse.extract import MAX_FILE_BYTES

    try:
        status = path.lstat()
    except OSError:
        return False
    return (
        stat.S_ISREG(status.st_mode)
        and status.st_size <= MAX_FILE_BYTES
        and os.access(path, os.R_OK)
    )


def _fill_package(
    app: Sphinx,
    package: PackageConfig,
    path: Path,
    root: str,
    read: set[str],
    files: set[str],
    catalog: Catalog,
) -> None:
    modules = _modules(package, path, root)
    hasher = hashlib.sha256()  # exactly as sphinx-autodoc2 hashes the package
    digests: dict[str, str] = {}
    for module_path, name in sorted(modules):
        data = module_path.read_bytes()
        hasher.update(data)
        digests[module_name(name)] = hashlib.sha256(data).hexdigest()
    analysed = [
        (file, name)
        for file, name in modules
        if module_name(name) in read and os.path.realpath(file) in files
    ]
    ours = hashlib.sha256(
        "\n".join([ITEMS_VERSION, *sorted(name for _, name in analysed)]).encode()
    ).hexdigest()
    cache: dict[str, dict[str, Any]] = getattr(app.env, "autodoc2_cache", None) or {}
    app.env.autodoc2_cache = cache
    entry = {"hash": hasher.hexdigest(), "root_module": root, CACHE_KEY: ours}
    if cache.get(path.as_posix()) == entry:
        return  # the database already holds this package's items
    store: dict[str, dict[str, ModuleItems]] = getattr(app.env, KEPT_ITEMS, None) or {}
    kept = store.get(path.as_posix(), {})
    # sphinx-autodoc2's analysis of a module reads, through astroid's inference (decorators,
    # ``__all__``), the modules it imports and their packages: its items are kept while none
    # of those changed
    by_module = catalog.dependency_keys(digests, ITEMS_VERSION)
    keys = {name: by_module[module_name(name)] for _, name in analysed}
    changed = [(file, name) for file, name in analysed if kept.get(name, ("",))[0] != keys[name]]
    again = {name for _, name in changed}
    fresh = {name: kept[name] for _, name in analysed if name not in again}
    get_all_analyser(app.env).clear_cache()
    for module_path, name in status_iterator(
        changed,
        "[scrapersky] Analysing the backend's modules for their API pages... ",
        length=len(changed),
        stringify_func=lambda module: module[1],
    ):
        fresh[name] = (keys[name], *_analyse(module_path, name))
    # the database anew, in the order of a full analysis: its pages list children in the
    # order they were added
    db: IndexedDb = app.env.autodoc2_db
    db.remove(root, descendants=True)
    for module_path, name in analysed:
        _, items, error = fresh[name]
        if error is not None:
            warn(error, WarningSubtype.SOURCE, warning_location(str(module_path)))
        _add_items(db, items)
    add_namespace_packages(db, [module_name(name) for _, name in analysed])
    store[path.as_posix()] = fresh
    setattr(app.env, KEPT_ITEMS, store)
    cache[path.as_posix()] = entry


#: A module's items in sphinx-autodoc2's database: the key they were made for, the items,
#: and the warning given when sphinx-autodoc2 could not analyse the module (no items).
ModuleItems = tuple[str, list[Any], str | None]
#: The environment's attribute keeping each package's modules' items for the next build.
KEPT_ITEMS = "scrapersky_api_module_items"


def _analyse(module_path: Path, name: str) -> tuple[list[Any], str | None]:
    try:
        return list(analyse_module(module_path, name)), None
    except Exception as error:  # the analysis parsed it; sphinx-autodoc2's parser did not
        return [], (
            f"no API page for {module_name(name)}: sphinx-autodoc2 cannot analyse it ({error})"
        )


def _add_items(db: IndexedDb, items: list[Any]) -> None:
    for item in items:
        try:
            db.add(item)
        except UniqueError:
            # a name bound twice (two endpoints with one function name, an attribute
            # annotated twice, a definition in both branches of an if) is valid Python: the
            # first one is documented, as sphinx-autodoc2 does, without its warning
            continue


def namespace_package(name: str) -> ItemData:
    """The item of a folder without ``__init__.py``: a package with no file, no docstring."""
    return {
        "type": "package",
        "full_name": name,
        "doc": "",
        "file_path": None,
        "encoding": "utf-8",
        "all": None,
        "imports": [],
    }


def add_namespace_packages(db: IndexedDb, modules: list[str]) -> None:
    """A ``package`` item for every folder above these modules that has none, so the pages
    sphinx-autodoc2 writes, walking down from the root package, reach every module."""
    for name in modules:
        parts = name.split(".")
        for end in range(1, len(parts)):
            ancestor = ".".join(parts[:end])
            if ancestor not in db:
                db.add(namespace_package(ancestor))
