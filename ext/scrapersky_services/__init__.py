"""Sphinx extension documenting the background services of a ScraperSky-style backend.

The backend is read statically (``ast``): nothing from it is imported or executed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"

#: Bumped whenever the shape of what the extension stores in the Sphinx environment
#: changes, so that an old pickled environment is discarded instead of misread.
ENV_VERSION = 2


def _env_version() -> int:
    """``ENV_VERSION`` combined with a hash of this package's code: pages rendered by an
    older version of the extension are read again, never shown stale."""
    import hashlib
    from pathlib import Path

    digest = hashlib.sha256(str(ENV_VERSION).encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.read_bytes())
    return int(digest.hexdigest()[:12], 16)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with Sphinx (see :mod:`.sphinx_ext.extension`)."""
    from .sphinx_ext.extension import setup_extension

    setup_extension(app)
    return {
        "version": __version__,
        "env_version": _env_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
