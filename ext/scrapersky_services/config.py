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
ENV_PREFIX = "SCRAPERSKY_"
#: Environment variables not named ``SCRAPERSKY_<FIELD>``.
ENV_ALIASES = {"src_root": "SCRAPERSKY_SRC", "data_dir": "SCRAPERSKY_DATA"}
#: Values that are paths: from the environment, relative to the working folder.
PATH_VALUES = frozenset({"src_root", "data_dir", "services_file", "triage_file", "cache_dir"})

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
    if value and (not value.startswith("/") or value.endswith("/")):
        raise ValueError(f"must be empty or start with '/' and not end with '/', got {value!r}")


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
        "",
        "Backend source tree to document: a checkout that contains the top-level package "
        "(e.g. its ``src/``), or the package folder itself. Environment: ``SCRAPERSKY_SRC``.",
        is_str,
    )
    data_dir: str = _field(
        "",
        "The maintainers' data folder for the documented backend: ``scrapersky.toml`` "
        "(these values and the site's title, intro and mandates), ``services.toml`` "
        "(business outcomes), ``triage.toml`` (decisions on findings) and ``pages/`` (their "
        "own pages: guide, architecture, work orders). ``python -m scrapersky_services init`` "
        "writes one. Environment: ``SCRAPERSKY_DATA``. Empty: none, and the site shows only "
        "what the code says.",
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
        "",
        "Path prefix every endpoint must live under (rules API1, API2), e.g. ``/api/v3``. "
        "Empty: no prefix is required and those rules do not apply.",
        is_api_prefix,
    )
    session_factory_modules: list[str] = _field(
        [],
        "Modules allowed to create engines and sessions (rule DB1), e.g. "
        "``session.async_session``. A module matches when its dotted name equals an entry or "
        "ends with ``.`` plus the entry. Empty: rule DB1 does not apply.",
        is_str_list,
    )
    rules: list[str] = _field(
        [],
        "Codes of the audit rules that apply. Empty: every rule that applies to any FastAPI "
        "backend (all but the ones tied to one backend's mandates, TEN1 and ERR1; API1 and "
        "API2 need ``api_prefix``, DB1 needs ``session_factory_modules``).",
        is_str_list,
    )
    services_file: str = _field(
        "",
        "Services metadata file: business outcome, workflow and owner per service. Empty: "
        "the data folder's ``services.toml`` when there is one, else none.",
        is_str,
    )
    triage_file: str = _field(
        "",
        "Triage decisions on findings (accepted, false-positive, fixed, planned). Empty: the "
        "data folder's ``triage.toml`` when there is one, else none.",
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
        "extension is enabled); its docstrings are shown as plain text. They are built "
        "apart from the site's pages (HTML builders only; see ``scrapersky_cache_dir``).",
        is_bool,
    )
    cache_dir: str = _field(
        "",
        "Folder, relative to the folder of ``conf.py``, where a build keeps what a later "
        "build can reuse while its inputs are unchanged, a clean build included: the API "
        "pages, built by a second Sphinx process (``api/``), and the diagrams, by their "
        "content (``diagrams/``). Empty: next to the output folder "
        "(``_build/.scrapersky-cache-html`` for ``_build/html``).",
        is_str,
        rebuild="",
    )
    gc_tuning: bool = _field(
        True,
        "Keep start-up objects and the read environment out of the garbage collector's "
        "view (``gc.freeze``) and run full collections a hundred times less often during "
        "the build; put both back at its end.",
        is_bool,
        rebuild="",
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


def env_name(field: dc.Field[Any]) -> str:
    """The environment variable that sets a field (``SCRAPERSKY_API_PREFIX``, ...)."""
    return ENV_ALIASES.get(field.name, ENV_PREFIX + field.name.upper())


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def value_from_text(field: dc.Field[Any], text: str) -> Any:
    """A field's value from the text of an environment variable.

    Lists are comma separated; booleans are 1/0, true/false, yes/no or on/off. Raises
    ``ValueError`` with a readable message when the text does not fit.
    """
    default = field_default(field)
    if isinstance(default, bool):
        word = text.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(f"expected one of 1/0, true/false, yes/no, on/off, got {text!r}")
    if isinstance(default, int):
        try:
            return int(text.strip())
        except ValueError:
            raise ValueError(f"expected an integer, got {text!r}") from None
    if isinstance(default, list):
        return [item.strip() for item in text.split(",") if item.strip()]
    return text.strip()


def from_environment(
    environ: dict[str, str], cwd: str
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The values set by ``SCRAPERSKY_*`` environment variables, and ``(variable, problem)``
    for each that cannot be read. Paths are made absolute against ``cwd``."""
    import os.path

    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for field in dc.fields(ScraperskyConfig):
        name = env_name(field)
        if name not in environ:
            continue
        try:
            value = value_from_text(field, environ[name])
        except ValueError as error:
            problems.append((name, str(error)))
            continue
        if field.name in PATH_VALUES and value:
            value = os.path.normpath(os.path.join(cwd, os.path.expanduser(value)))
        values[field.name] = value
    return values, problems
