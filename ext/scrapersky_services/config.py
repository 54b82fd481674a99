"""Every ``scrapersky_*`` configuration value, declared once.

Each field of :class:`ScraperskyConfig` is registered with Sphinx as ``scrapersky_<name>``
(:mod:`.sphinx_ext.config_glue`), validated on ``config-inited`` (a bad value warns with
its name and falls back to the default), and listed in the reference by the
``scrapersky-config`` directive, so the documentation of a value cannot drift from it.

This module imports nothing from Sphinx: the command-line tool builds the same dataclass.
"""

from __future__ import annotations

import dataclasses as dc
from collections.abc import Callable
from typing import Any

CONFIG_PREFIX = "scrapersky_"

#: Severities of findings, most severe first (shared with ``analysis.rules``).
SEVERITIES = ("high", "medium", "low", "info")

Validator = Callable[[str, Any], None]
"""Raise ``TypeError``/``ValueError`` with a readable message if the value is invalid."""


def is_str(name: str, value: Any) -> None:
    if not isinstance(value, str):
        raise TypeError(f"must be a string, got {type(value).__name__} {value!r}")


def is_bool(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"must be True or False, got {type(value).__name__} {value!r}")


def is_positive_int(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"must be an integer, got {type(value).__name__} {value!r}")
    if value < 1:
        raise ValueError(f"must be at least 1, got {value!r}")


def is_str_list(name: str, value: Any) -> None:
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"must be a list of strings, got {type(value).__name__} {value!r}")
    for item in value:
        if not isinstance(item, str):
            raise TypeError(f"must be a list of strings, but contains {item!r}")


def is_api_prefix(name: str, value: Any) -> None:
    is_str(name, value)
    if not value.startswith("/") or value.endswith("/"):
        raise ValueError(f"must start with '/' and not end with '/', got {value!r}")


def one_of(*allowed: str) -> Validator:
    def _check(name: str, value: Any) -> None:
        if value not in allowed:
            choices = ", ".join(repr(choice) for choice in allowed)
            raise ValueError(f"must be one of {choices}, got {value!r}")

    return _check


def _field(default: Any, help: str, validator: Validator, rebuild: str = "env") -> Any:
    """A dataclass field carrying the metadata the Sphinx glue and the reference use."""
    metadata = {"help": help, "validator": validator, "rebuild": rebuild}
    if isinstance(default, list):
        return dc.field(default_factory=lambda: list(default), metadata=metadata)
    return dc.field(default=default, metadata=metadata)


@dc.dataclass(frozen=True)
class ScraperskyConfig:
    """The extension's configuration (``scrapersky_<field>`` in ``conf.py``).

    Paths are relative to the folder that holds ``conf.py``.
    """

    src_root: str = _field(
        "src_mirror",
        "Backend source tree to document: a checkout that contains the top-level package "
        "(e.g. its ``src/``), or the package folder itself. ``conf.py`` reads it from the "
        "``SCRAPERSKY_SRC`` environment variable when that is set.",
        is_str,
    )
    package: str = _field(
        "",
        "Name of the backend's top-level package. Empty: detected from the tree.",
        is_str,
    )
    entry_points: list[str] = _field(
        [],
        "Dotted names of the modules the application starts from (reachability and "
        "registration chains start here). Empty: the modules that create the FastAPI app.",
        is_str_list,
    )
    api_prefix: str = _field(
        "/api/v3",
        "Path prefix every endpoint must live under (rules API1, API2).",
        is_api_prefix,
    )
    session_factory_modules: list[str] = _field(
        ["session.async_session"],
        "Modules allowed to create engines and sessions (rule DB1). A module matches when "
        "its dotted name equals an entry or ends with ``.`` plus the entry.",
        is_str_list,
    )
    services_file: str = _field(
        "docs/services.toml",
        "Services metadata file: business outcome, workflow and owner per service. Empty: none.",
        is_str,
    )
    triage_file: str = _field(
        "docs/audit/triage.toml",
        "Triage decisions on findings (accepted, false-positive, fixed, planned). Empty: none.",
        is_str,
    )
    fail_on: str = _field(
        "none",
        "Fail the build (a ``scrapersky.finding`` warning) on untriaged findings of this "
        "severity or a more severe one: ``high``, ``medium``, ``low``, ``info``, or ``none``.",
        one_of(*SEVERITIES, "none"),
    )
    generated_dir: str = _field(
        "generated",
        "Folder, relative to the documentation source folder, that the generated pages "
        "are written to (and cleaned of pages of services that disappeared).",
        is_str,
    )
    graph_max_depth: int = _field(
        4,
        "Import-chain diagrams follow imports this many levels deep; beyond that the "
        "diagram says how many modules it leaves out.",
        is_positive_int,
    )
    graph_max_nodes: int = _field(
        40,
        "Most modules drawn in one import-chain diagram.",
        is_positive_int,
    )
    api_pages: bool = _field(
        True,
        "Add API pages of the backend's package through sphinx-autodoc2 (when that "
        "extension is enabled); its docstrings are shown as plain text.",
        is_bool,
    )
    profile: str = _field(
        "",
        "Write the extension's own share of the build (analysis, page generation, "
        "directives, diagrams) and the pages read, as JSON to this file in the output "
        "folder. Empty: off. Used by ``nox -s bench``.",
        is_str,
        rebuild="",
    )
    graphviz_dot: str = _field(
        "",
        "Graphviz program used for diagrams (a name on PATH or a path). Empty: "
        "``graphviz-pure`` next to the running Python, then ``graphviz-pure`` on PATH, "
        "then ``dot`` on PATH.",
        is_str,
        rebuild="",
    )

    @classmethod
    def field_names(cls) -> list[str]:
        return [field.name for field in dc.fields(cls)]

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> ScraperskyConfig:
        """Build from ``{name: value}`` (unprefixed names); unknown keys are ignored."""
        known = set(cls.field_names())
        return cls(**{name: value for name, value in values.items() if name in known})


def field_default(field: dc.Field[Any]) -> Any:
    if field.default_factory is not dc.MISSING:
        return field.default_factory()
    return field.default


def validate_value(field: dc.Field[Any], value: Any) -> str | None:
    """Return why ``value`` is invalid for ``field``, or ``None`` when it is valid."""
    try:
        field.metadata["validator"](field.name, value)
    except (TypeError, ValueError) as error:
        return str(error)
    return None


def type_label(field: dc.Field[Any]) -> str:
    """The field's annotation as written (``str``, ``list[str]``, ...)."""
    return str(field.type)
