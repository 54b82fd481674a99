"""API pages of the documented backend through sphinx-autodoc2.

The backend's package is found the same way the analyser finds it, then added to
``autodoc2_packages``; its docstrings are rendered as plain text
(:mod:`.literal_docstrings`), never as markup.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from ..analysis.discovery import SourceRootError, detect_layout
from ..warnings_ import WarningSubtype, warn
from .config_glue import resolve_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

LITERAL_PARSER = "scrapersky_services.sphinx_ext.literal_docstrings"


def add_backend_api_pages(app: Sphinx, config: Config) -> None:
    """``config-inited``: document the backend's package with sphinx-autodoc2 (if enabled)."""
    if not config.scrapersky_api_pages or "autodoc2_packages" not in config:
        return
    source_root = resolve_path(app.confdir, config.scrapersky_src_root)
    try:
        layout = detect_layout(source_root, config.scrapersky_package)
    except SourceRootError as error:
        warn(f"no API pages for the backend: {error}", WarningSubtype.SOURCE)
        return
    if layout.package:
        roots = [(layout.package_dir, layout.package)]
    else:
        roots = [
            (entry, entry.stem)
            for entry in sorted(layout.import_root.iterdir())
            if (entry.is_dir() and (entry / "__init__.py").is_file())
            or (entry.suffix == ".py" and entry.is_file())
        ]
    packages = list(config.autodoc2_packages)
    documented = {
        package.get("module") if isinstance(package, dict) else None for package in packages
    }
    parser_rules = list(config.autodoc2_docstring_parser_regexes)
    for path, module in roots:
        if module in documented:
            continue
        packages.append({"path": os.path.relpath(path, app.srcdir), "module": module})
        parser_rules.append((rf"{re.escape(module)}(\..*)?", LITERAL_PARSER))
    config.autodoc2_packages = packages
    config.autodoc2_docstring_parser_regexes = parser_rules
    # Annotations of the backend name third-party classes (sqlalchemy, pydantic, ...) that
    # no page documents; with nitpicky on, only references into documented packages count.
    documented_modules = sorted(
        {module for _, module in roots}
        | {package.get("module") for package in packages if isinstance(package, dict)} - {None}
    )
    own = "|".join(re.escape(module) for module in documented_modules)
    config.nitpick_ignore_regex = [
        *config.nitpick_ignore_regex,
        (r"py:.*", rf"(?!(?:{own})(?:\.|$)).*"),
    ]
