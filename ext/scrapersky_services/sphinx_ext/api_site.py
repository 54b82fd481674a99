"""The API pages as a build of their own, kept between builds and reused while its inputs
are unchanged (``scrapersky_cache_dir``).

Profiled, the API pages (sphinx-autodoc2's analysis, reading, resolving and writing a page
per module) were about 70 % of a clean build of the site (:doc:`/performance`), yet they
change only when the documented code does. So the site's own build no longer reads them:

* the HTML build of the site leaves the API pages out (sphinx-autodoc2 does not write
  them, Sphinx does not read them);
* on ``builder-inited``, after the analysis, the inputs of the API pages are hashed (the
  backend's and the documented packages' files, ``conf.py``, its overrides, the data
  folder's settings, the static files and the versions of everything that renders them).
  When a previous API build of exactly these inputs is kept, its pages are reused: nothing
  runs. Otherwise a second Sphinx process builds them, into that folder, *while* the site
  is built (it reuses the folder's doctrees, so only the pages of changed modules are read
  again, and the analysis cache the site's build has just filled);
* links from the site to an API page (``{doc}`` references, the diagrams' boxes) and to
  what one documents (``{py:class}`` and the like, through the API build's inventory) are
  made to their place in the output, ``<autodoc2_output_dir>/<package>/<module>.html``;
  the build waits for the API build before it resolves the first such reference, and
  links only pages that exist (a diagram's box links the module the analysis read);
* on ``build-finished`` the API pages are copied into the site's output folder, their
  words and objects are added to the site's search (:mod:`.api_search`), and the API
  build's warnings are given again by the site's build, where ``-W`` counts them.

A build of the API pages is this same configuration run by :mod:`.api_runner` with
:data:`API_BUILD` filled: it reads nothing but the API pages, and its root document is a
short page without a table of contents.

(Over 500 lines: the site's side of that build is one cycle, from hashing its inputs to
starting it, waiting for it, linking into it and copying it in, that reads best in one
place.)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import time
import weakref
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import docname_join, logging
from sphinx.util.inventory import InventoryFile
from sphinx.util.osutil import relative_uri

from ..analysis.pipeline import read_source
from ..warnings_ import WarningSubtype, printable, warn
from .api_search import merge_search_index

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from ..analysis.catalog import Catalog
    from ..analysis.records import ModuleRecord

LOGGER = logging.getLogger(__name__)

#: Builders whose API pages are built apart and copied in (one page per file, same URLs).
HTML_BUILDERS = frozenset({"html", "dirhtml"})
#: Seconds between two lines of the API build's progress while the site's build waits.
PROGRESS_EVERY = 5.0
#: Changed when what is kept in the folder, or how it is made, changes.
LAYOUT_VERSION = "1"
#: Distributions whose versions change how the API pages look.
RENDERERS = (
    "sphinx",
    "docutils",
    "sphinx-autodoc2",
    "astroid",
    "myst-parser",
    "furo",
    "sphinx-design",
    "sphinx-needs",
    "Pygments",
)
#: Longest module name that gets an API page: sphinx-autodoc2 writes ``<name>.md`` and a
#: file name holds at most 255 bytes (Sphinx adds ``.doctree`` and ``.html`` to it too).
MAX_PAGE_NAME = 200
#: ``path:line: WARNING: message [type.subtype]`` as Sphinx writes a warning to a file.
WARNING_LINE = re.compile(
    r"^(?:(?P<location>.*?): )?(?P<level>WARNING|ERROR|CRITICAL): (?P<message>.*?)"
    r"(?: \[(?P<type>[\w-]+)(?:\.(?P<subtype>[\w.-]+))?\])?$",
    re.DOTALL,
)

#: Filled in the process that builds the API pages (:func:`.api_runner.build_api_pages`):
#: what the site's build handed over.
API_BUILD: dict[str, Any] = {}


def building_api_pages() -> bool:
    """Whether this process builds the API pages (and nothing else)."""
    return bool(API_BUILD)


def api_output_dir(config: Config) -> str | None:
    """sphinx-autodoc2's output folder when it documents anything, else None."""
    if not config.scrapersky_api_pages or "autodoc2_output_dir" not in config:
        return None
    if not config.autodoc2_packages:
        return None  # nothing to document (no backend found, none configured)
    return str(config.autodoc2_output_dir).strip("/")


# -- the site's build: what it reads --------------------------------------------------------


def configure(app: Sphinx, config: Config) -> None:
    """``config-inited``, once the backend's package is known: the site's build reads none
    of the API pages, and sphinx-autodoc2 does not write them for it."""
    output = api_output_dir(config)
    if output is None:
        return
    if building_api_pages():
        return  # the API build reads only them (:func:`.api_runner.read_only_api_pages`)
    config.exclude_patterns = [*config.exclude_patterns, f"{output}/**"]
    for listener in list(app.events.listeners.get("builder-inited", ())):
        if getattr(listener.handler, "__module__", "").startswith("autodoc2."):
            app.disconnect(listener.id)


# -- the site's build -----------------------------------------------------------------------


@dataclass
class ApiBuild:
    """The API pages of one build of the site: where they are and whether they are ready."""

    folder: Path
    key: str
    output: str
    modules: frozenset[str] = frozenset()
    """The modules whose API page the site links (those the analysis read)."""
    process: subprocess.Popen | None = None
    started: float = 0.0
    ready: bool | None = None
    """True once the pages are there, False if their build failed, None while it runs."""
    pages: frozenset[str] = field(default_factory=frozenset)
    """The docnames the API build wrote."""
    lock: Any = None
    _inventory: dict[str, dict[str, str]] | None = None

    @property
    def html(self) -> Path:
        return self.folder / "html"

    def inventory(self) -> dict[str, dict[str, str]]:
        """What the API pages document: ``{"py:class": {name: "page.html#anchor"}}``."""
        if self._inventory is None:
            self._inventory = {}
            with contextlib.suppress(OSError, ValueError):
                with (self.html / "objects.inv").open("rb") as stream:
                    loaded = InventoryFile.load(stream, "", posixpath.join)
                self._inventory = {
                    objtype: {name: item.uri for name, item in items.items()}
                    for objtype, items in loaded.items()
                }
        return self._inventory


_BUILDS: weakref.WeakKeyDictionary[Sphinx, ApiBuild] = weakref.WeakKeyDictionary()


def has_api_page(module: ModuleRecord) -> bool:
    """Whether a module the analysis read gets an API page: it parsed, and its name fits a
    file name."""
    return not module.error and len(module.name.encode()) <= MAX_PAGE_NAME


def api_docname(app: Sphinx, module: str) -> str | None:
    """The API page of a module, when this build links API pages and the module has one."""
    build = _BUILDS.get(app)
    if build is None or module not in build.modules:
        return None
    return f"{build.output}/{module.split('.', 1)[0]}/{module}"


def is_api_docname(app: Sphinx, docname: str) -> bool:
    build = _BUILDS.get(app)
    return build is not None and docname.startswith(build.output + "/")


def start(app: Sphinx, catalog: Catalog) -> None:
    """``builder-inited``, after the analysis: reuse the kept API pages, or start their
    build beside this one."""
    output = api_output_dir(app.config)
    if output is None or building_api_pages() or app.builder.name not in HTML_BUILDERS:
        return
    folder = _folder(app)
    folder.mkdir(parents=True, exist_ok=True)
    build = ApiBuild(folder, input_key(app, catalog), output)
    build.modules = frozenset(module.name for module in catalog.modules if has_api_page(module))
    _BUILDS[app] = build
    build.lock = _lock(folder)
    stamp = _read_stamp(folder)
    if stamp.get("key") == build.key and build.html.is_dir():
        LOGGER.info("scrapersky: API pages unchanged; reused from %s", folder)
        _finish(app, build, stamp)
        return
    LOGGER.info("scrapersky: building the API pages in the background, into %s", folder)
    spec = {
        "srcdir": str(app.srcdir),
        "confdir": str(app.confdir),
        "outdir": str(build.html),
        "doctreedir": str(folder / "doctrees"),
        "builder": app.builder.name,
        "overrides": _json_overrides(app.config),
        "tags": sorted(app.tags),
        # every core: the site's build is soon done and waits for this one
        "parallel": max(app.parallel, _cores()),
        "analysis_cache": str(Path(app.doctreedir) / "scrapersky"),
        "warnings": str(folder / "warnings.txt"),
        "status": str(folder / "status.txt"),
    }
    (folder / "spec.json").write_text(json.dumps(spec, indent=1))
    environment = dict(os.environ)
    # the same imports as this process: conf.py's own, and a test's
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(Path(__file__).parents[2]), *sys.path, environment.get("PYTHONPATH", "")]
    )
    build.started = time.monotonic()
    with (folder / "stderr.txt").open("wb") as errors:
        build.process = subprocess.Popen(
            [sys.executable, "-m", f"{__package__}.api_runner", str(folder / "spec.json")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env=environment,
        )


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _folder(app: Sphinx) -> Path:
    return cache_folder(app) / "api"


def cache_folder(app: Sphinx) -> Path:
    """What a build keeps for later builds (``scrapersky_cache_dir``)."""
    configured = app.config.scrapersky_cache_dir
    if configured:
        return (Path(app.confdir) / configured).resolve()
    outdir = Path(app.outdir).resolve()
    return outdir.parent / f".scrapersky-cache-{outdir.name}"


def _json_overrides(config: Config) -> dict[str, Any]:
    """``-D`` values (a test's ``confoverrides``) that the API build is given too."""
    overrides = {}
    for name, value in getattr(config, "_overrides", {}).items():
        try:
            json.dumps(value)
        except TypeError:
            overrides[name] = str(value)
        else:
            overrides[name] = value
    return overrides


def wait(app: Sphinx) -> ApiBuild | None:
    """The API pages, once built (the site's build waits here, at most once)."""
    build = _BUILDS.get(app)
    if build is None or build.ready is not None:
        return build
    assert build.process is not None
    shown = ""
    while build.process.poll() is None:
        # its progress, every few seconds (a first build of a large backend takes minutes)
        line = _last_progress(build.folder / "status.txt")
        if line != shown:
            LOGGER.info("scrapersky: waiting for the API pages' build: %s", line or "starting")
            shown = line
        with contextlib.suppress(subprocess.TimeoutExpired):
            build.process.wait(timeout=PROGRESS_EVERY)
    code = build.process.wait()
    seconds = time.monotonic() - build.started
    if code != 0:
        errors = (build.folder / "stderr.txt").read_text(encoding="utf-8", errors="replace")
        warn(
            f"the API pages could not be built (exit code {code}); the site links none. "
            f"Their build said: {errors.strip()[-2000:] or '(nothing)'}",
            WarningSubtype.API,
        )
        build.ready = False
        _release(build)
        return build
    warnings = _read_warnings(build.folder / "warnings.txt")
    stamp = {"key": build.key, "warnings": warnings}
    (build.folder / "stamp.json").write_text(json.dumps(stamp, indent=1))
    LOGGER.info("scrapersky: API pages built in %.1fs", seconds)
    _finish(app, build, stamp)
    return build


def _finish(app: Sphinx, build: ApiBuild, stamp: dict[str, Any]) -> None:
    build.ready = True
    doctrees = build.folder / "doctrees"
    build.pages = frozenset(
        path.relative_to(doctrees).as_posix().removesuffix(".doctree")
        for path in (doctrees / build.output).rglob("*.doctree")
    )
    for warning in stamp.get("warnings", ()):
        _replay(warning)


def _last_progress(path: Path) -> str:
    """The API build's last line of progress (``writing output... [ 40%] ...``)."""
    try:
        with path.open("rb") as status:
            status.seek(max(0, status.seek(0, os.SEEK_END) - 4096))
            lines = status.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return ""
    return next((line.strip() for line in reversed(lines) if "%]" in line), "")


def _read_warnings(path: Path) -> list[str]:
    """The API build's warnings, one entry each (a warning may span lines)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    entries: list[str] = []
    for line in text.splitlines():
        if WARNING_LINE.match(line) or not entries:
            entries.append(line)
        else:
            entries[-1] += "\n" + line
    return entries


def _replay(entry: str) -> None:
    match = WARNING_LINE.match(entry)
    if match is None:
        LOGGER.warning("%s", printable(entry))
        return
    level = match["level"]
    kwargs = {"location": match["location"] or None}
    if level != "WARNING":
        LOGGER.error("%s", match["message"], **kwargs)
        return
    LOGGER.warning("%s", match["message"], type=match["type"], subtype=match["subtype"], **kwargs)


def resolve_reference(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.Element
) -> nodes.Node | None:
    """``missing-reference``: a reference to an API page (``{doc}``) or to what one
    documents (``{py:class}`` and the like) links its place in the API pages, once they are
    built; a document reference to an API page they do not have stays text, unlinked."""
    output = api_output_dir(app.config)
    if output is None or building_api_pages():
        return None
    refdoc = node.get("refdoc", "")
    target = node.get("reftarget", "")
    if node.get("refdomain") == "std" and node.get("reftype") == "doc":
        docname = docname_join(refdoc, target)
        if not docname.startswith(output + "/"):
            return None
        # a builder without API pages (needs, linkcheck, ...) shows the text
        build = wait(app)
        if build is None or not build.ready or docname not in build.pages:
            return contnode
        return _link(app, refdoc, app.builder.get_target_uri(docname), contnode)
    if node.get("refdomain") == "py" and _BUILDS.get(app) is not None:
        build = wait(app)
        if build is None or not build.ready:
            return None
        domain = env.get_domain("py")
        for objtype in domain.objtypes_for_role(node.get("reftype", "")) or ():
            location = build.inventory().get(f"py:{objtype}", {}).get(target)
            if location is not None:
                return _link(app, refdoc, location, contnode)
    return None


def _link(app: Sphinx, refdoc: str, location: str, contnode: nodes.Element) -> nodes.reference:
    page, hash_, anchor = location.partition("#")
    uri = relative_uri(app.builder.get_target_uri(refdoc), page) + hash_ + anchor
    reference = nodes.reference("", "", internal=True, refuri=uri)
    reference += contnode
    return reference


def copy_pages(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: the API pages into the site's output folder."""
    build = wait(app)
    if build is None:
        return
    try:
        if exception is not None or not build.ready:
            return
        _copy_pages(app, build)
        merge_search_index(app, build.html, build.output)
    finally:
        _release(build)


def _copy_pages(app: Sphinx, build: ApiBuild) -> None:
    """The API pages, their sources and the static files only they use, unless the pages
    of this very API build are there already."""
    outdir = Path(app.outdir)
    copied = Path(app.doctreedir) / "scrapersky-api-copied"
    target = outdir / build.output
    with contextlib.suppress(OSError):
        if copied.read_text() == build.key and target.is_dir():
            return
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(build.html / build.output, target, copy_function=_link_or_copy)
    sources = build.html / "_sources" / build.output
    if sources.is_dir():
        shutil.rmtree(outdir / "_sources" / build.output, ignore_errors=True)
        shutil.copytree(sources, outdir / "_sources" / build.output, copy_function=_link_or_copy)
    static = build.html / "_static"
    for path in sorted(static.rglob("*")) if static.is_dir() else ():
        there = outdir / "_static" / path.relative_to(static)
        if path.is_file() and not there.exists():
            there.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, there)
    copied.write_text(build.key)


def _link_or_copy(source: str, target: str) -> None:
    """A hard link (a page costs no copy: 0.34 s for the mirror's 205 pages), or a copy
    where the two folders are on different file systems. The API build replaces its pages
    only by building again, after which they are linked anew."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


# -- the inputs of the API pages ------------------------------------------------------------


def input_key(app: Sphinx, catalog: Catalog) -> str:
    """A hash of everything the API pages are made from."""
    hasher = hashlib.sha256()

    def add(*parts: object) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
            hasher.update(len(data).to_bytes(8, "little"))
            hasher.update(data)

    add(LAYOUT_VERSION, sys.version, app.builder.name)
    for name in RENDERERS:
        try:
            add(name, metadata.version(name))
        except metadata.PackageNotFoundError:
            add(name, "")
    add(json.dumps(_json_overrides(app.config), sort_keys=True))
    add(json.dumps(sorted(app.tags)))
    add(json.dumps(sorted((k, v) for k, v in os.environ.items() if k.startswith("SCRAPERSKY_"))))
    files: list[Path] = [Path(app.confdir) / "conf.py"]
    files += _python_files(Path(__file__).parents[1])  # this extension renders them
    data_dir = app.config.scrapersky_data_dir
    if data_dir:
        files.append(Path(app.confdir) / data_dir / "scrapersky.toml")
    for name in ("html_static_path", "templates_path"):
        for folder in getattr(app.config, name, None) or ():
            files += _all_files(Path(app.confdir) / folder)
    for package in getattr(app.config, "autodoc2_packages", None) or ():
        path = package.get("path") if isinstance(package, dict) else package
        if path:
            files += _python_files(Path(app.srcdir) / path)
    root = Path(catalog.root)
    files += [root / module.path for module in catalog.modules]
    for path in files:
        add(path.as_posix())
        try:
            # never blocks on a FIFO, never reads a huge file whole (its size and time)
            stat, data, _ = read_source(str(path))
        except OSError as error:
            add(type(error).__name__)
            continue
        add(data if data is not None else f"unread:{stat.st_size}:{stat.st_mtime_ns}")
    return hasher.hexdigest()


def _python_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(
        found
        for found in path.rglob("*.py")
        if "__pycache__" not in found.parts and not found.is_symlink()
    )


def _all_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return [folder]
    return sorted(path for path in folder.rglob("*") if path.is_file())


def _read_stamp(folder: Path) -> dict[str, Any]:
    try:
        stamp = json.loads((folder / "stamp.json").read_text())
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def _lock(folder: Path) -> Any:
    """One build of the site at a time uses a folder (others wait here)."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock
        return None
    handle = (folder / "lock").open("w")
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def _release(build: ApiBuild) -> None:
    if build.lock is not None:
        build.lock.close()
        build.lock = None
