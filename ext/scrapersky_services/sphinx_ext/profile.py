"""The extension's own share of a build, for the benchmarks (``scrapersky_profile``).

Off unless the configuration names a file. Times the analysis and page generation, the
directives, and the drawing of this extension's diagrams; records which pages were read.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

TIMINGS: dict[str, float] = {"analysis": 0.0, "directives": 0.0, "graphs": 0.0}
READ: list[str] = []


def enabled(app: Sphinx) -> bool:
    return bool(app.config.scrapersky_profile)


def add(phase: str, seconds: float) -> None:
    TIMINGS[phase] = TIMINGS.get(phase, 0.0) + seconds


def start(app: Sphinx, config) -> None:
    """``config-inited``: when profiling, time the drawing of this extension's diagrams."""
    if not config.scrapersky_profile:
        return
    from sphinx.ext import graphviz

    original = graphviz.render_dot_html

    def render(self, node, *args, **kwargs):
        if "scrapersky-graph" not in node.get("classes", ()):
            return original(self, node, *args, **kwargs)
        started = time.perf_counter()
        try:
            return original(self, node, *args, **kwargs)
        finally:
            add("graphs", time.perf_counter() - started)

    graphviz.render_dot_html = render


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if enabled(app):
        READ.extend(docnames)


def finish(app: Sphinx, exception: BaseException | None) -> None:
    if not enabled(app) or exception is not None:
        return
    path = Path(app.outdir) / app.config.scrapersky_profile
    path.write_text(json.dumps({"timings": TIMINGS, "read": sorted(READ)}, indent=2))
