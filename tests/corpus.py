"""The broken-input corpus: backend trees with one thing wrong (or merely unusual) each.

Every case starts from ``backends/minimal`` (a FastAPI app, a scheduler, one interval job
``app.services.cleanup.purge_expired``) and changes one thing. A case says what the user
must be told (``warns``: substrings of one warning line, which names the file and, where
there is one, the line) and what must still be documented (``modules``, ``services``) —
always including the untouched job, so nothing else is lost.

The trees are generated, not stored: several cases are files git cannot hold (a 10 MB
file, NUL bytes, a socket, symbolic links).
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BACKENDS = Path(__file__).parent / "backends"
BASE_SERVICE = "app.services.cleanup.purge_expired"
BASE_MODULES = ("app.main", "app.scheduler", "app.services.cleanup")
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass(frozen=True)
class Case:
    name: str
    setup: Callable[[Path], None]
    """Changes the copy of the minimal tree (its folder is the source root)."""
    warns: tuple[tuple[str, ...], ...] = ()
    """Each tuple: substrings that must all appear in one warning line (or in the one line
    that says which files no import reaches)."""
    modules: tuple[str, ...] = ()
    """Modules that must be in the catalog, besides the untouched ones."""
    services: tuple[str, ...] = ()
    """``module.function`` of services that must be found, besides the untouched one."""
    root: str = ""
    """Set when the case replaces the source root itself (relative to the tree folder)."""
    fatal: str = ""
    """For an unusable source root: the substring of the one error."""
    extra: dict[str, str] = field(default_factory=dict)


def base_tree(folder: Path) -> Path:
    shutil.copytree(BACKENDS / "minimal", folder)
    return folder


def _write(root: Path, relpath: str, text: str | bytes) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def _writer(relpath: str, text: str | bytes) -> Callable[[Path], None]:
    return lambda root: _write(root, relpath, text)


def _job_module(function: str, job_id: str, extra: str = "") -> str:
    return (
        f'"""A job.\n\nOutcome:\n    Something useful happens.\n"""\n\n'
        "from app.scheduler import scheduler\n\n\n"
        f"async def {function}() -> None:\n"
        '    """Do the work."""\n\n\n'
        f"def setup() -> None:\n"
        f'    scheduler.add_job({function}, "interval", minutes=5, id="{job_id}")\n'
        f"{extra}"
    )


def _register(root: Path, module: str) -> None:
    """Make ``app.main`` import a module and call its ``setup()`` at start-up."""
    main = root / "app" / "main.py"
    text = main.read_text()
    text = text.replace(
        "from fastapi import FastAPI\n", f"from fastapi import FastAPI\n\nimport {module}\n"
    )
    text = text.replace("    setup_cleanup()\n", f"    setup_cleanup()\n    {module}.setup()\n")
    main.write_text(text)


def _registered_job(relpath: str, module: str, function: str, text: str | bytes | None = None):
    def setup(root: Path) -> None:
        _write(root, relpath, text if text is not None else _job_module(function, function))
        _register(root, module)

    return setup


def _symlink_loop(root: Path) -> None:
    (root / "app" / "loop").symlink_to(root / "app", target_is_directory=True)
    (root / "app" / "self_link.py").symlink_to(root / "app" / "self_link.py")


def _symlink_outside(root: Path) -> None:
    outside = root.parent / f"{root.name}-outside"
    outside.mkdir()
    (outside / "secret.py").write_text('PASSWORD = "hunter2"\n')
    (root / "app" / "leak.py").symlink_to(outside / "secret.py")
    (root / "app" / "leaked_package").symlink_to(outside, target_is_directory=True)


def _unreadable(root: Path) -> None:
    _write(root, "app/locked.py", "X = 1\n")
    os.chmod(root / "app" / "locked.py", 0)


def _socket(root: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(root / "app" / "socket.py"))
    finally:
        server.close()


def _link_to_dev_zero(root: Path) -> None:
    (root / "app" / "zero.py").symlink_to("/dev/zero")  # reading it would never end
    (root / "fifo_at_the_top.py").parent.mkdir(exist_ok=True)
    os.mkfifo(root / "fifo_at_the_top.py")  # beside the package: layout detection looks here


def _fifo(root: Path) -> None:
    os.mkfifo(root / "app" / "pipe.py")  # reading it would block for ever


def _missing_root(root: Path) -> None:
    pass


def _root_is_file(root: Path) -> None:
    (root / "not_a_folder.py").write_text("X = 1\n")


def _star_import(root: Path) -> None:
    _write(
        root,
        "app/services/starred.py",
        _job_module("starred_job", "starred_job").replace(
            "from app.scheduler import scheduler", "from app.scheduler import *  # noqa: F403"
        ),
    )
    _register(root, "app.services.starred")


def _dynamic_imports(root: Path) -> None:
    _write(
        root,
        "app/plugins.py",
        "import importlib\n\n\n"
        "def load(name):\n"
        '    core = __import__("app.scheduler")\n'
        '    module = importlib.import_module("app.services." + name)\n'
        "    return core, module\n",
    )


def _computed_add_job(root: Path) -> None:
    _write(
        root,
        "app/services/computed.py",
        "from app.scheduler import scheduler\n\n"
        "JOBS = load_jobs()\n\n\n"
        "def setup() -> None:\n"
        "    for job in JOBS:\n"
        "        scheduler.add_job(job.function, job.trigger(), **job.options)\n",
    )
    _register(root, "app.services.computed")


def _duplicate_job_id(root: Path) -> None:
    _write(root, "app/services/again.py", _job_module("again", "purge_expired"))
    _register(root, "app.services.again")


def _same_router_prefix(root: Path) -> None:
    for name in ("one", "two"):
        _write(
            root,
            f"app/routers/{name}.py",
            "from fastapi import APIRouter\n\n"
            'router = APIRouter(prefix="/api/v3/items")\n\n\n'
            f'@router.get("/{name}")\n'
            f"async def read_{name}() -> dict:\n"
            "    return {}\n",
        )
    _write(root, "app/routers/__init__.py", "")
    main = root / "app" / "main.py"
    main.write_text(
        main.read_text().replace(
            "app = FastAPI()\n",
            "from .routers import one, two\n\napp = FastAPI()\n"
            "app.include_router(one.router)\napp.include_router(two.router)\n",
        )
    )


def _enum_duplicate_values(root: Path) -> None:
    _write(
        root,
        "app/models.py",
        "import enum\n\n\n"
        "class Status(str, enum.Enum):\n"
        '    queued = "queued"\n'
        '    pending = "queued"\n'
        '    done = "done"\n',
    )


def _settings_without_defaults(root: Path) -> None:
    _write(
        root,
        "app/settings.py",
        "from pydantic_settings import BaseSettings\n\n\n"
        "class Settings(BaseSettings):\n"
        "    cleanup_minutes: int\n"
        "    api_key: str\n\n\n"
        "settings = Settings()\n",
    )
    _write(
        root,
        "app/services/configured.py",
        _job_module("configured_job", "configured_job")
        .replace(
            "from app.scheduler import scheduler\n",
            "from app.scheduler import scheduler\nfrom app.settings import settings\n",
        )
        .replace("minutes=5", "minutes=settings.cleanup_minutes"),
    )
    _register(root, "app.services.configured")


def _service_in_package_init(root: Path) -> None:
    _write(root, "app/workers/__init__.py", _job_module("package_job", "package_job"))
    _register(root, "app.workers")


def _stdlib_named_module(root: Path) -> None:
    _write(root, "app/logging.py", '"""Shadows the standard library by name only."""\n')
    _write(
        root,
        "app/services/spawner.py",
        "import asyncio\nimport logging\n\n\n"
        "async def tick() -> None:\n"
        "    while True:\n"
        '        logging.getLogger(__name__).info("tick")\n'
        "        await asyncio.sleep(60)\n\n\n"
        "def setup() -> None:\n"
        "    asyncio.create_task(tick())\n",
    )
    _register(root, "app.services.spawner")


#: A 16,000-bit integer, in hexadecimal (Python refuses a decimal literal that long, but
#: not this), with more digits than Python writes as decimal text.
HUGE = "0x" + "f" * 4000


def _huge_integers(root: Path) -> None:
    _write(
        root,
        "app/services/huge.py",
        '"""Numbers past the int-to-text limit."""\n\n'
        "import enum\n\nfrom app.scheduler import scheduler\n\n"
        f"LIMIT = {HUGE}\n\n\n"
        f"class Size(enum.Enum):\n    BIG = {HUGE}\n    SMALL = 1\n\n\n"
        "async def count() -> None:\n"
        '    """Count."""\n\n\n'
        "def setup() -> None:\n"
        f'    scheduler.add_job(count, "interval", seconds={HUGE}, id="count")\n',
    )
    _register(root, "app.services.huge")


def _odd_characters(root: Path) -> None:
    """A lone surrogate escape, control characters (raw and as an entity) and NUL."""
    _write(
        root,
        "app/services/odd.py",
        '"""Odd \\udc80 text \\x01 &#1; here.\n\nOutcome:\n    Works.\n"""\n\n'
        "from app.scheduler import scheduler\n\n\n"
        "async def odd_job() -> None:\n"
        '    """First line \\x02 with &#1; and \\udc80 and \\x00."""\n\n\n'
        "def setup() -> None:\n"
        '    scheduler.add_job(odd_job, "interval", minutes=5, id="odd-\\udc80-\\x03")\n',
    )
    _register(root, "app.services.odd")


def _long_names(root: Path) -> None:
    """A 10,000-character function name, and a module 380 characters deep."""
    function = "refresh_" + "x" * 9_992
    _write(root, "app/services/longname.py", _job_module(function, "long"))
    _register(root, "app.services.longname")
    deep = "/".join(["level_" + "d" * 30] * 11)
    for depth in range(1, 12):
        _write(root, "app/" + "/".join(["level_" + "d" * 30] * depth) + "/__init__.py", "")
    _write(root, f"app/{deep}/deep_job.py", _job_module("deep_job", "deep"))
    _register(root, "app." + deep.replace("/", ".") + ".deep_job")


def _deep_expressions(root: Path) -> None:
    """Chains Python parses but deeper than a recursive parser (astroid) can follow."""
    attributes = "value" + ".attr" * 600
    calls = "f" + "()" * 600
    additions = " + ".join(["1"] * 600)
    _write(
        root,
        "app/services/deep.py",
        '"""Deep expressions."""\n\n\n'
        f"def chained(value):\n    return {attributes}\n\n\n"
        f"def called(f):\n    return {calls}\n\n\n"
        f"TOTAL = {additions}\n",
    )


def _ambiguous_names(root: Path) -> None:
    """dup.py beside dup/, a.b.py beside a/b.py, and one name in NFC and in NFD."""
    _write(root, "app/dup.py", "WHICH = 'module'\n")
    _write(root, "app/dup/__init__.py", "WHICH = 'package'\n")
    _write(root, "app/a/__init__.py", "")
    _write(root, "app/a/b.py", "WHICH = 'a/b.py'\n")
    _write(root, "app/a.b.py", "WHICH = 'a.b.py'\n")
    _write(root, "app/caf\u00e9.py", "WHICH = 'NFC'\n")
    _write(root, "app/cafe\u0301.py", "WHICH = 'NFD'\n")


def _circular(root: Path) -> None:
    _write(root, "app/ring_a.py", "from app import ring_b\n\nVALUE = 1\n")
    _write(root, "app/ring_b.py", "from app import ring_a\n\nVALUE = 2\n")
    main = root / "app" / "main.py"
    main.write_text("from app import ring_a  # noqa: F401\n" + main.read_text())


def _ten_megabytes(root: Path) -> None:
    line = "VALUE = 'x'  # " + "padding " * 12 + "\n"
    count = 10_000_000 // len(line) + 1
    _write(root, "app/huge.py", line * count)


def _sparse_three_gigabytes(root: Path) -> None:
    """A 3 GB file that takes no disk (sparse): refused by its size, never read."""
    path = root / "app" / "sparse.py"
    with path.open("wb") as handle:
        handle.truncate(3 * 2**30)


LATIN1 = b"# -*- coding: latin-1 -*-\n"
NESTED = "VALUE = " + "(" * 1000 + "1" + ")" * 1000 + "\n"
CHAIN = "VALUE = " + " + ".join(["1"] * 100_000) + "\n"
INDENTED = "".join("    " * depth + "if True:\n" for depth in range(120)) + "    " * 120 + "pass\n"

CASES: tuple[Case, ...] = (
    Case(
        "syntax-error",
        _writer("app/broken.py", "X = 1\n\ndef broken(:\n    pass\n"),
        warns=(("app/broken.py:3", "syntax"),),
        modules=("app.broken",),
    ),
    Case(
        "newer-python-syntax",
        # 3.14's unparenthesised except list; the build runs on an older Python here
        _writer(
            "app/newer.py", "X = 1\ntry:\n    X = 2\nexcept ValueError, TypeError:\n    pass\n"
        ),
        warns=(("app/newer.py:4", "syntax"),),
        modules=("app.newer",),
    ),
    Case(
        "python-2-file",
        _writer("app/legacy.py", 'import os\n\nprint "hello"\n'),
        warns=(("app/legacy.py:3",),),
        modules=("app.legacy",),
    ),
    Case(
        "mixed-tabs-and-spaces",
        _writer("app/tabs.py", "def f():\n    if True:\n\treturn 1\n"),
        warns=(("app/tabs.py:3",),),
        modules=("app.tabs",),
    ),
    Case(
        "latin-1-with-coding-line",
        _registered_job(
            "app/services/latin.py",
            "app.services.latin",
            "latin_job",
            LATIN1
            + _job_module("latin_job", "latin_job")
            .replace("A job.", "Cr\xe8me.")
            .encode("latin-1"),
        ),
        modules=("app.services.latin",),
        services=("app.services.latin.latin_job",),
    ),
    Case(
        "latin-1-without-coding-line",
        _writer("app/latin_raw.py", '"""Caf\xe9."""\n'.encode("latin-1")),
        warns=(("app/latin_raw.py:1", "utf-8"),),
        modules=("app.latin_raw",),
    ),
    Case(
        "invalid-utf-8",
        _writer("app/mojibake.py", b"X = 1\nNAME = '\xff\xfe'\n"),
        warns=(("app/mojibake.py:2", "utf-8"),),
        modules=("app.mojibake",),
    ),
    Case(
        "utf-8-bom",
        _registered_job(
            "app/services/bom.py",
            "app.services.bom",
            "bom_job",
            b"\xef\xbb\xbf" + _job_module("bom_job", "bom_job").encode(),
        ),
        modules=("app.services.bom",),
        services=("app.services.bom.bom_job",),
    ),
    Case(
        "nul-bytes",
        _writer("app/nul.py", b"X = 1\nY = '\x00'\n"),
        warns=(("app/nul.py:2", "NUL bytes"),),
        modules=("app.nul",),
    ),
    Case("empty-file", _writer("app/empty.py", ""), modules=("app.empty",)),
    Case(
        "five-megabytes-of-one-token-statements",
        # Python's parser alone took 4.6 GB for this; it is parsed in a child process with
        # limited memory, and refused there
        _writer("app/tokens.py", "x\n" * 2_490_000),
        warns=(("app/tokens.py", "too large to parse within"),),
        modules=("app.tokens",),
    ),
    Case(
        "sparse-three-gigabyte-file",
        _sparse_three_gigabytes,
        warns=(("app/sparse.py", "too large"),),
        modules=("app.sparse",),
    ),
    Case(
        "ten-megabyte-file",
        _ten_megabytes,
        warns=(("app/huge.py", "too large"),),
        modules=("app.huge",),
    ),
    Case(
        "thousand-level-nesting",
        _writer("app/nested.py", NESTED),
        warns=(("app/nested.py:1",),),
        modules=("app.nested",),
    ),
    Case(
        "hundred-thousand-term-expression",
        _writer("app/chain.py", CHAIN),
        warns=(("app/chain.py",),),
        modules=("app.chain",),
    ),
    Case(
        "indentation-deeper-than-the-parser-allows",
        _writer("app/indented.py", INDENTED),
        warns=(("app/indented.py",),),
        modules=("app.indented",),
    ),
    Case(
        "very-long-line",
        _writer("app/long_line.py", "VALUE = '" + "x" * 2_000_000 + "'\n"),
        modules=("app.long_line",),
    ),
    Case(
        "symlink-loop",
        _symlink_loop,
        warns=(("app/loop", "not followed"), ("app/self_link.py", "symbolic link")),
    ),
    Case(
        "symlink-outside-the-root",
        _symlink_outside,
        warns=(
            ("app/leak.py", "outside the source root"),
            ("app/leaked_package", "not followed"),
        ),
    ),
    # root reads a file whatever its mode: there the file is simply documented (the read
    # error itself is covered in-process by test_reliability.py)
    Case(
        "unreadable-file",
        _unreadable,
        warns=() if AS_ROOT else (("app/locked.py", "cannot read"),),
        modules=("app.locked",),
    ),
    Case("fifo-named-like-a-module", _fifo, warns=(("app/pipe.py", "not a regular file"),)),
    Case(
        "link-to-dev-zero-and-a-fifo-beside-the-package",
        _link_to_dev_zero,
        warns=(("app/zero.py", "outside the source root"),),
    ),
    Case("socket-named-like-a-module", _socket, warns=(("app/socket.py", "not a regular file"),)),
    Case(
        "module-named-like-a-keyword",
        _writer("app/class.py", "X = 1\n"),
        warns=(("app/class.py", "not a valid module name"),),
    ),
    Case(
        "folder-named-like-a-module",
        lambda root: (root / "app" / "folder.py").mkdir(),
    ),
    Case(
        "file-name-that-is-no-module-name",
        _writer("app/not-a-module.py", "X = 1\n"),
        warns=(("app/not-a-module.py", "not a valid module name"),),
    ),
    Case("missing-source-root", _missing_root, root="does-not-exist", fatal="does not exist"),
    Case("source-root-is-a-file", _root_is_file, root="not_a_folder.py", fatal="not a folder"),
    Case("circular-imports", _circular, modules=("app.ring_a", "app.ring_b")),
    Case(
        "star-import",
        _star_import,
        modules=("app.services.starred",),
        services=("app.services.starred.starred_job",),
    ),
    Case(
        "dunder-import-and-importlib",
        _dynamic_imports,
        warns=(("app/plugins.py:6", "import_module"),),
        modules=("app.plugins",),
    ),
    Case(
        "add-job-with-computed-arguments",
        _computed_add_job,
        warns=(("app/services/computed.py:8",),),
        modules=("app.services.computed",),
    ),
    Case(
        "duplicate-job-ids",
        _duplicate_job_id,
        warns=(("app/services/again.py:15", "app/services/cleanup.py:15", "'purge_expired'"),),
        services=("app.services.again.again",),
    ),
    Case(
        "two-routers-with-the-same-prefix",
        _same_router_prefix,
        modules=("app.routers.one", "app.routers.two"),
    ),
    Case(
        "enum-with-duplicate-values",
        _enum_duplicate_values,
        warns=(("app/models.py:6", "pending", "queued"),),
        modules=("app.models",),
    ),
    Case(
        "settings-class-without-defaults",
        _settings_without_defaults,
        warns=(("app/services/configured.py:16", "'cleanup_minutes'", "no default"),),
        services=("app.services.configured.configured_job",),
    ),
    Case(
        "service-in-a-package-init",
        _service_in_package_init,
        modules=("app.workers",),
        services=("app.workers.package_job",),
    ),
    Case(
        "non-ascii-module-and-function-names",
        _registered_job(
            "app/services/données.py",
            "app.services.données",
            "nettoyer_les_données",
        ),
        modules=("app.services.données",),
        services=("app.services.données.nettoyer_les_données",),
    ),
    Case(
        "integers-past-the-digit-limit",
        _huge_integers,
        warns=(("app/services/huge.py", "interval"),),
        modules=("app.services.huge",),
        services=("app.services.huge.count",),
    ),
    Case(
        "surrogates-and-control-characters",
        _odd_characters,
        modules=("app.services.odd",),
        services=("app.services.odd.odd_job",),
    ),
    Case(
        "names-too-long-for-a-file-name",
        _long_names,
        modules=("app.services.longname",),
        services=("app.services.longname.refresh_" + "x" * 9_992,),
    ),
    Case(
        "expressions-deeper-than-the-api-parser-follows",
        _deep_expressions,
        modules=("app.services.deep",),
    ),
    Case(
        "terminal-escape-sequences-in-a-file-name",
        _writer("app/\x1b[2J\x1b[31mred.py", "VALUE = 1\n"),
        warns=(("app/\\x1b[2J\\x1b[31mred.py",),),
    ),
    Case(
        "files-with-the-same-module-name",
        _ambiguous_names,
        warns=(
            ("app/dup.py", "same module name", "app/dup/__init__.py"),
            ("app/cafe\u0301.py", "same module name", "app/caf\u00e9.py"),
        ),
        modules=("app.dup", "app.a.b", "app.caf\u00e9"),
    ),
    Case(
        "module-named-like-the-standard-library",
        _stdlib_named_module,
        modules=("app.logging", "app.services.spawner"),
        services=("app.services.spawner.tick",),
    ),
)
