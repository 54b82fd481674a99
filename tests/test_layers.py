"""The analysis layer is pure Python: it imports neither Sphinx nor docutils."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

EXT = Path(__file__).parents[1] / "ext"
MIRROR = EXT.parent / "src_mirror"


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
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(EXT)},
    )
    assert result.stdout.strip() == ""
    assert len(modules) >= 3


def test_unchanged_tree_run_imports_no_process_pool(tmp_path):
    """A run on an unchanged tree (every docs build with no edit, on a small tree most of
    its time is start-up) loads neither the process pool nor the temporary-file writer:
    both are imported only where a large tree is parsed or the cache is written."""
    code = (
        "import sys\n"
        "from scrapersky_services.analysis import AnalysisOptions, analyse\n"
        f"catalog = analyse(AnalysisOptions({str(MIRROR)!r}, cache_dir={str(tmp_path)!r}))\n"
        "heavy = ('concurrent.futures.process', 'multiprocessing', 'tempfile')\n"
        "print(len(catalog.services), ','.join(m for m in heavy if m in sys.modules))\n"
    )

    def run() -> list[str]:
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONPATH": str(EXT)},
        )
        return result.stdout.split()

    cold = run()
    assert cold[1:] == ["tempfile"]  # the first run writes the cache
    warm = run()
    assert warm == cold[:1]  # the same services, and nothing heavy imported
    assert int(warm[0]) > 0
