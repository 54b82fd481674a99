"""Choose the Graphviz program once, at start-up, and check it can serve the builder.

The default is ``graphviz-pure``: a pip-installed, self-contained Graphviz with built-in
fonts, so diagrams are byte-identical across machines and no system package is needed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sysconfig
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from sphinx.errors import ConfigError

from ..warnings_ import WarningSubtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

PURE_NAME = "graphviz-pure"
SYSTEM_NAME = "dot"

INSTALL_HINT = (
    "Install one with 'python -m pip install graphviz-pure' (pinned in requirements.txt; "
    "'nox -s docs' does this for you), or install the system Graphviz (for example "
    "'apt install graphviz') and set scrapersky_graphviz_dot = 'dot'."
)

#: Output format ``sphinx.ext.graphviz`` asks of the program, per builder format.
FORMAT_BY_BUILDER_FORMAT = {"html": "svg", "latex": "pdf", "texinfo": "png"}


class GraphvizNotFound(ConfigError):
    """No usable Graphviz program: raised once, before anything is read."""


@dataclass(frozen=True)
class DotProgram:
    path: str
    """Absolute path of the executable."""
    origin: str
    """Where it was found, for messages (``scrapersky_graphviz_dot``, ``PATH``, ...)."""


def find_dot_program(
    configured: str = "",
    scripts_dir: str | None = None,
    search_path: str | None = None,
) -> tuple[DotProgram | None, list[str]]:
    """Resolve the program in the documented order; also return every place looked at.

    ``scripts_dir`` defaults to the running interpreter's scripts folder and
    ``search_path`` to ``PATH``; tests pass their own.
    """
    if scripts_dir is None:
        scripts_dir = sysconfig.get_path("scripts")
    if search_path is None:
        search_path = os.environ.get("PATH", "")
    looked: list[str] = []
    if configured:
        looked.append(f"scrapersky_graphviz_dot = {configured!r}")
        found = shutil.which(configured, path=search_path)
        if found:
            return DotProgram(os.path.abspath(found), "scrapersky_graphviz_dot"), looked
    candidates = [
        (PURE_NAME, scripts_dir, f"the running Python's scripts folder ({scripts_dir})"),
        (PURE_NAME, search_path, "PATH"),
        (SYSTEM_NAME, search_path, "PATH"),
    ]
    for name, folders, origin in candidates:
        looked.append(f"{name!r} in {origin}")
        found = shutil.which(name, path=folders) if folders else None
        if found:
            return DotProgram(os.path.abspath(found), origin), looked
    return None, looked


@lru_cache(maxsize=8)
def supported_formats(program: str) -> frozenset[str]:
    """Output formats the program accepts, from its answer to an unknown ``-T`` value.

    Both Graphviz and graphviz-pure answer ``Use one of: fmt fmt ...``; an empty set means
    the program did not say, and no check is made.
    """
    try:
        completed = subprocess.run(
            [program, "-T?"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    match = re.search(r"Use one of:(.*)", completed.stderr + completed.stdout)
    if not match:
        return frozenset()
    return frozenset(name.split(":")[0] for name in match.group(1).split())


def configure_graphviz(app: Sphinx, config: Config) -> None:
    """``config-inited``: point ``sphinx.ext.graphviz`` at the chosen program, SVG output."""
    configured = config.scrapersky_graphviz_dot
    program, looked = find_dot_program(configured)
    if configured and (program is None or program.origin != "scrapersky_graphviz_dot"):
        warn(
            f"scrapersky_graphviz_dot = {configured!r} was not found; "
            "choosing the Graphviz program automatically",
            WarningSubtype.GRAPHVIZ,
        )
        program, looked = find_dot_program("")
        looked.insert(0, f"scrapersky_graphviz_dot = {configured!r}")
    if program is None:
        places = "\n  - ".join(looked)
        raise GraphvizNotFound(
            f"scrapersky_services: no Graphviz program found. Looked for:\n  - {places}\n"
            + INSTALL_HINT
        )
    config.graphviz_dot = program.path
    config.graphviz_output_format = "svg"


def check_builder_formats(app: Sphinx) -> None:
    """``builder-inited``: fail once, now, if the program cannot make this builder's format."""
    needed = FORMAT_BY_BUILDER_FORMAT.get(app.builder.format)
    if needed is None:
        return
    program = app.config.graphviz_dot
    available = supported_formats(program)
    if available and needed not in available:
        raise GraphvizNotFound(
            f"scrapersky_services: the {app.builder.name!r} builder needs Graphviz "
            f"{needed.upper()} output, which {program} cannot produce (it offers: "
            f"{', '.join(sorted(available))}). Build HTML, or install the system Graphviz "
            "(for example 'apt install graphviz') and set scrapersky_graphviz_dot = 'dot'."
        )
