"""The analysis layer is pure Python: it imports neither Sphinx nor docutils."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

EXT = Path(__file__).parents[1] / "ext"


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
