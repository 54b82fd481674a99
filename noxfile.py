"""Tasks: ``nox -s docs`` builds the site, ``nox -s tests`` runs the test suite.

Every session installs what it needs from the pinned requirement files. A second run reuses
the session's environment and skips installing when those files have not changed.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import nox

ROOT = Path(__file__).parent
BUILD = ROOT / "_build"
SPHINX_SOURCES = ["-c", str(ROOT), str(ROOT / "docs")]


def newest_python() -> str | None:
    """The newest CPython (3.11 or later) this machine can run.

    The backend is parsed by the Python that runs the docs build, and real backends use new
    syntax (3.12's ``type`` aliases and generics, 3.14's unparenthesised ``except``): the
    newer the parser, the fewer files the build has to leave out. Looked for on ``PATH``
    and among pyenv's installed versions; each candidate is run once to check it works
    (a pyenv shim for a version that is not active fails).
    """
    candidates = [f"python3.{minor}" for minor in range(20, 10, -1)]
    pyenv_root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    candidates += sorted(glob.glob(os.path.join(pyenv_root, "versions", "3.*", "bin", "python3")))
    best: tuple[tuple[int, int], str] | None = None
    for candidate in candidates:
        found = shutil.which(candidate)
        if not found:
            continue
        try:
            output = subprocess.run(
                [found, "-c", "import sys; print(*sys.version_info[:2])"],
                capture_output=True,
                text=True,
                timeout=20,
                check=True,
            ).stdout.split()
        except (OSError, subprocess.SubprocessError):
            continue
        version = (int(output[0]), int(output[1]))
        if version >= (3, 11) and (best is None or version > best[0]):
            best = (version, found)
    return best[1] if best else None


#: The Python every session runs on (None: the one running nox).
PYTHON = newest_python()

nox.options.sessions = ["docs", "tests"]
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True


def install(session: nox.Session, requirements: str) -> None:
    """Install a pinned requirement file, unless this environment already has it."""
    files = [ROOT / requirements]
    for line in (ROOT / requirements).read_text().splitlines():
        if line.startswith("-r "):
            files.append(ROOT / line[3:].strip())
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()
    stamp = Path(session.virtualenv.location) / ".requirements-installed"
    if stamp.is_file() and stamp.read_text() == digest:
        session.log(f"{requirements} already installed")
        return
    session.install("-r", str(ROOT / requirements))
    stamp.write_text(digest)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the HTML site into _build/html; any warning fails the build."""
    install(session, "requirements.txt")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        # measured faster than one process on the sites of the benchmark (docs/performance)
        "-j",
        "auto",
        "-b",
        "html",
        *SPHINX_SOURCES,
        str(BUILD / "html"),
        *session.posargs,
    )


@nox.session(python=PYTHON)
def needs(session: nox.Session) -> None:
    """Write the audit trail as _build/needs/needs.json (same input, same bytes) for CI tools."""
    install(session, "requirements.txt")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-b",
        "needs",
        *SPHINX_SOURCES,
        str(BUILD / "needs"),
        *session.posargs,
    )
    session.log(f"needs.json: {BUILD / 'needs' / 'needs.json'}")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the whole test suite (pass pytest options after --)."""
    install(session, "requirements-test.txt")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Live preview on http://127.0.0.1:8000, rebuilt when a page or the backend changes."""
    install(session, "requirements-dev.txt")
    source_root = os.environ.get("SCRAPERSKY_SRC", str(ROOT / "src_mirror"))
    data_folder = os.environ.get("SCRAPERSKY_DATA", str(ROOT / "mirror-data"))
    session.run(
        "sphinx-autobuild",
        *SPHINX_SOURCES,
        str(BUILD / "serve"),
        "--watch",
        source_root,
        "--watch",
        data_folder,
        "--watch",
        str(ROOT / "ext"),
        "--watch",
        str(ROOT / "conf.py"),
        "--ignore",
        str(ROOT / "docs" / "generated"),
        "--ignore",
        str(ROOT / "docs" / "apidocs"),
        "--ignore",
        str(ROOT / "docs" / "backend"),
        *session.posargs,
    )


@nox.session(python=PYTHON)
def linkcheck(session: nox.Session) -> None:
    """Check every internal link and reference (offline: external URLs are not fetched)."""
    install(session, "requirements.txt")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-n",
        "-b",
        "linkcheck",
        *SPHINX_SOURCES,
        str(BUILD / "linkcheck"),
        *session.posargs,
        env={"SCRAPERSKY_LINKCHECK_OFFLINE": "1"},
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Lint the extension, the tests and the tooling with ruff."""
    install(session, "requirements-dev.txt")
    paths = ["ext", "tests", "noxfile.py", "conf.py"]
    session.run("ruff", "check", *paths, *session.posargs)
    session.run("ruff", "format", "--check", *paths)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks into docs/performance.md: quick (up to 1,000 modules), or -- --full."""
    install(session, "requirements-test.txt")
    session.run("python", "-m", "bench.run", *session.posargs)


@nox.session(python=False)
def clean(session: nox.Session) -> None:
    """Remove build output and generated pages."""
    for path in (BUILD, *(ROOT / "docs" / name for name in ("generated", "apidocs", "backend"))):
        shutil.rmtree(path, ignore_errors=True)
