"""Register :class:`~scrapersky_services.config.ScraperskyConfig` with Sphinx and validate it."""

from __future__ import annotations

import dataclasses as dc
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import CONFIG_PREFIX, ScraperskyConfig, field_default, validate_value
from ..warnings_ import WarningSubtype, warn, warning_location

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Sphinx's own type check runs at priority 800; ours runs first and repairs bad values.
VALIDATE_PRIORITY = 400


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
    app.connect("config-inited", validate_config, priority=VALIDATE_PRIORITY)


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
