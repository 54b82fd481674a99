"""Tasks: ``nox -s docs`` builds the site, ``nox -s tests`` runs the test suite.

Every session installs what it needs from the pinned requirement files. A second run reuses
the session's environment and skips installing when those files have not changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).parent
BUILD = ROOT / "_build"
SPHINX_SOURCES = ["-c", str(ROOT), str(ROOT / "docs")]

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


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML site into _build/html; any warning fails the build."""
    install(session, "requirements.txt")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-b",
        "html",
        *SPHINX_SOURCES,
        str(BUILD / "html"),
        *session.posargs,
    )


@nox.session
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


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite (pass pytest options after --)."""
    install(session, "requirements-test.txt")
    session.run("pytest", *session.posargs)


@nox.session
def serve(session: nox.Session) -> None:
    """Live preview on http://127.0.0.1:8000, rebuilt when a page or the backend changes."""
    install(session, "requirements-dev.txt")
    source_root = os.environ.get("SCRAPERSKY_SRC", str(ROOT / "src_mirror"))
    session.run(
        "sphinx-autobuild",
        *SPHINX_SOURCES,
        str(BUILD / "serve"),
        "--watch",
        source_root,
        "--watch",
        str(ROOT / "ext"),
        "--watch",
        str(ROOT / "conf.py"),
        "--ignore",
        str(ROOT / "docs" / "generated"),
        "--ignore",
        str(ROOT / "docs" / "apidocs"),
        *session.posargs,
    )


@nox.session
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


@nox.session
def lint(session: nox.Session) -> None:
    """Lint the extension, the tests and the tooling with ruff."""
    install(session, "requirements-dev.txt")
    paths = ["ext", "tests", "noxfile.py", "conf.py"]
    session.run("ruff", "check", *paths, *session.posargs)
    session.run("ruff", "format", "--check", *paths)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks into docs/performance.md: quick (up to 1,000 modules), or -- --full."""
    install(session, "requirements-test.txt")
    session.run("python", "-m", "bench.run", *session.posargs)


@nox.session(python=False)
def clean(session: nox.Session) -> None:
    """Remove build output and generated pages."""
    for path in (BUILD, ROOT / "docs" / "generated", ROOT / "docs" / "apidocs"):
        shutil.rmtree(path, ignore_errors=True)
