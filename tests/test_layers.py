"""The analysis layer is pure Python: it imports neither Sphinx nor docutils."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

EXT = Path(__file__).parents[1] / "ext"
MIRROR = EXT.parent / "src_mirror"


def _python(code: str) -> str:
    """What ``code`` prints, run in a fresh interpreter with only ``ext/`` on its path."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(EXT)},
    )
    return result.stdout


def test_analysis_imports_no_sphinx():
    from scrapersky_services import analysis

    modules = sorted(
        info.name
        for info in pkgutil.walk_packages(analysis.__path__, "scrapersky_services.analysis.")
    )
    modules += [
        "scrapersky_services.analysis",
        "scrapersky_services.config",
        "scrapersky_services.warnings_",
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils'))\n"
        "print(','.join(leaked))\n"
    )
    assert _python(code).strip() == ""
    assert len(modules) >= 3


def test_a_run_on_an_unchanged_tree_imports_only_what_loads_the_cache(tmp_path):
    """On a small tree most of a run with nothing changed (every docs build without an
    edit) is start-up, so such a run imports neither the passes that build a catalog (the
    resolver, call graph, rules), nor the parser, nor the process pool: each loads where it
    is first needed. No run imports :mod:`tempfile` (5 ms, more than parsing one file)."""
    heavy = (
        "scrapersky_services.analysis.passes",
        "scrapersky_services.analysis.rules",
        "scrapersky_services.analysis.project",
        "scrapersky_services.analysis.extract",
        "concurrent.futures.process",
        "tempfile",
    )
    code = (
        "import sys\n"
        "from scrapersky_services.analysis import AnalysisOptions, analyse\n"
        f"catalog = analyse(AnalysisOptions({str(MIRROR)!r}, cache_dir={str(tmp_path)!r}))\n"
        f"print(len(catalog.services), *(m for m in {heavy!r} if m in sys.modules))\n"
    )

    cold = _python(code).split()
    # the first run builds and writes (src_mirror is too small to parse in a pool)
    assert cold[1:] == list(heavy[:4])
    warm = _python(code).split()
    assert warm == cold[:1]  # the same services, and none of them imported
    assert int(warm[0]) > 0
