"""Register :class:`~scrapersky_services.config.ScraperskyConfig` with Sphinx and validate it."""

from __future__ import annotations

import dataclasses as dc
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..config import (
    CONFIG_PREFIX,
    ScraperskyConfig,
    field_default,
    from_environment,
    validate_value,
)
from ..data_folder import load_data_folder
from ..warnings_ import WarningSubtype, warn, warning_location

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

LOGGER = logging.getLogger(__name__)

#: Sphinx's own type check runs at priority 800; ours runs first and repairs bad values.
VALIDATE_PRIORITY = 400
#: Before anything reads a scrapersky_* value (sphinx-needs' own config is read from 10 on).
SOURCES_PRIORITY = 1
#: The site's name when neither conf.py nor the data folder gives one.
GENERIC_TITLE = "Background services"


def setup_config(app: Sphinx) -> None:
    for field in dc.fields(ScraperskyConfig):
        default = field_default(field)
        types = (list, tuple) if isinstance(default, list) else ()
        app.add_config_value(
            CONFIG_PREFIX + field.name,
            default,
            field.metadata["rebuild"],
            types=types,
            description=field.metadata["help"],
        )
    app.connect("config-inited", apply_sources, priority=SOURCES_PRIORITY)
    app.connect("config-inited", validate_config, priority=VALIDATE_PRIORITY)


def _set_in_conf_py(config: Config, name: str) -> bool:
    """Whether conf.py assigns ``name`` (Sphinx keeps conf.py's namespace as ``_raw_config``)."""
    return name in getattr(config, "_raw_config", {})


def _overridden(config: Config, name: str) -> bool:
    """Whether ``-D name=...`` (or a test's ``confoverrides``) sets ``name``."""
    return name in getattr(config, "_overrides", {})


def apply_sources(app: Sphinx, config: Config) -> None:
    """``config-inited``: fill every ``scrapersky_*`` value from where the user set it.

    Highest first: ``-D`` on the command line, a ``SCRAPERSKY_*`` environment variable,
    ``conf.py``, the data folder's ``scrapersky.toml``, the default. A data folder named
    only in ``conf.py`` belongs to the tree ``conf.py`` documents: when ``SCRAPERSKY_SRC``
    points elsewhere and ``SCRAPERSKY_DATA`` is not set, it is not used, so that another
    backend's site never shows this one's outcomes, triage or text.
    """
    environment, problems = from_environment(dict(os.environ), os.getcwd())
    for variable, problem in problems:
        warn(f"{variable} {problem}; ignored", WarningSubtype.CONFIG)

    def explicit(name: str) -> bool:
        return _overridden(config, CONFIG_PREFIX + name)

    for name, value in environment.items():
        if not explicit(name):
            setattr(config, CONFIG_PREFIX + name, value)

    data_named_by_user = explicit("data_dir") or "data_dir" in environment
    tree_named_by_user = explicit("src_root") or "src_root" in environment
    data_dir = config.scrapersky_data_dir
    data = load_data_folder(resolve_path(app.confdir, data_dir) if data_dir else None)
    for problem in data.problems:
        warn(problem.message, WarningSubtype.CONFIG, warning_location(problem.path, problem.line))
    data_tree = data.config.get("src_root")
    if (
        data.path is not None
        and not data_named_by_user
        and tree_named_by_user
        and resolve_path(app.confdir, config.scrapersky_src_root) != Path(data_tree or "/")
    ):
        LOGGER.info(
            "scrapersky: the data folder %s belongs to another tree; not used "
            "(set SCRAPERSKY_DATA to use a data folder with SCRAPERSKY_SRC)",
            data_dir,
        )
        config.scrapersky_data_dir = ""
        data = load_data_folder(None)

    for name, value in data.config.items():
        full = CONFIG_PREFIX + name
        if not (explicit(name) or name in environment or _set_in_conf_py(config, full)):
            setattr(config, full, value)
    for name, path in data.file_values().items():
        if not getattr(config, CONFIG_PREFIX + name):
            setattr(config, CONFIG_PREFIX + name, path)
    if data.path is not None:
        config.scrapersky_data_dir = str(data.path)

    title = data.site.title or GENERIC_TITLE
    if not _set_in_conf_py(config, "project") and not _overridden(config, "project"):
        config.project = title
    if (
        "html_title" in config
        and not _set_in_conf_py(config, "html_title")
        and not _overridden(config, "html_title")
    ):
        config.html_title = title


def validate_config(app: Sphinx, config: Config) -> None:
    """Replace every invalid ``scrapersky_*`` value by its default, with a warning."""
    conf_py = Path(app.confdir) / "conf.py"
    for field in dc.fields(ScraperskyConfig):
        name = CONFIG_PREFIX + field.name
        value = getattr(config, name)
        problem = validate_value(field, value)
        if problem is None:
            if isinstance(value, tuple):
                setattr(config, name, list(value))
            continue
        default = field_default(field)
        warn(
            f"{name} {problem}; using the default {default!r}",
            WarningSubtype.CONFIG,
            location=warning_location(str(conf_py), _assignment_line(conf_py, name)),
        )
        setattr(config, name, default)


def _assignment_line(conf_py: Path, name: str) -> int | None:
    """The line of ``conf.py`` that sets ``name``, so the warning points at it."""
    try:
        lines = conf_py.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    pattern = re.compile(rf"^{re.escape(name)}\s*[:=]")
    return next((number for number, line in enumerate(lines, 1) if pattern.match(line)), None)


def get_config(config: Config) -> ScraperskyConfig:
    """The validated configuration as the dataclass the rest of the extension reads."""
    return ScraperskyConfig(
        **{
            field.name: getattr(config, CONFIG_PREFIX + field.name)
            for field in dc.fields(ScraperskyConfig)
        }
    )


def resolve_path(confdir: str | Path, relative: str) -> Path:
    """A configured path, relative to the folder that holds ``conf.py``."""
    return (Path(confdir) / relative).resolve()
