"""The analyser's output records: frozen, plain data that round-trips through JSON.

The Sphinx layer, the renderer and the command line read only these (through
:class:`~.catalog.Catalog`), never the facts or the syntax trees.
"""

from __future__ import annotations

import dataclasses as dc
import types
import typing
from typing import Any, TypeVar

SCHEMA_VERSION = 1


class TupleRecord:
    """For the records a large tree has hundreds of thousands of: ``__slots__`` (no
    per-object dict) and pickled as a plain tuple of field values, which unpickles much
    faster than the generated slots ``__getstate__``."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # ``__match_args__``: the dataclass's init fields, in order (every field here).
        return type(self), tuple(getattr(self, name) for name in self.__match_args__)


@dc.dataclass(frozen=True, slots=True)
class ModuleRecord(TupleRecord):
    name: str
    path: str
    """Relative to the source root, ``/``-separated."""
    reachable: bool
    error: str | None = None
    error_line: int | None = None
    is_package: bool = False
    lines: int = 0
    summary: str = ""
    """First line of the module docstring."""


@dc.dataclass(frozen=True, slots=True)
class ImportRecord(TupleRecord):
    source: str
    target: str
    """Absolute module name (a project module, a missing one, or an external one)."""
    line: int
    kind: str
    """``top``, ``function`` or ``type_checking``."""
    internal: bool = True
    """True when ``target`` belongs to the project (whether or not it exists)."""
    exists: bool = True


@dc.dataclass(frozen=True)
class SettingRecord:
    name: str
    default: Any
    """The default as JSON data, or ``None`` when there is none or it is not a literal."""
    default_text: str
    module: str
    line: int
    owner: str = ""
    """``Class`` for a settings-class attribute, ``""`` for an environment reader."""
    reads: tuple[str, ...] = ()
    """``module:function`` of every place that reads it."""


@dc.dataclass(frozen=True)
class Trigger:
    type: str
    """``interval``, ``cron``, ``date``, ``endpoint``, ``task``, ``loop`` or ``unknown``."""
    every_seconds: float | None = None
    cron: dict[str, str] | None = None
    expression: str = ""
    """The trigger as the code writes it."""
    setting: str | None = None
    setting_default: Any = None


@dc.dataclass(frozen=True)
class ChainStep:
    module: str
    function: str
    line: int
    """Line of the call to the next step (or of ``add_job`` in the last step)."""


@dc.dataclass(frozen=True)
class Registration:
    module: str
    function: str
    line: int
    condition: str | None = None
    """Conditions on the path from the entry point, joined with ``and``."""
    enabled_by_default: bool | None = None
    """Whether the condition holds with the settings' defaults (``None``: unknown)."""
    chain: tuple[ChainStep, ...] = ()
    entry: str = ""
    """``lifespan``, ``startup``, ``import`` or ``""`` when nothing registers it."""


@dc.dataclass(frozen=True)
class StatusRef:
    model: str
    field: str
    value: Any
    """The enum member's value when known, else the literal written in the code."""
    enum: str = ""
    """``module:Class`` of the enum the code uses (``""`` for a literal)."""
    member: str = ""


@dc.dataclass(frozen=True)
class SpawnGroup:
    """Short-lived work started in the code (``asyncio.create_task(notify(...))``, a thread
    that does not loop): not a background service, but every place that starts it, grouped
    under the function it runs."""

    kind: str
    module: str
    function: str
    line: int
    path: str
    sites: tuple[ChainStep, ...] = ()
    endpoints: tuple[EndpointRef, ...] = ()
    summary: str = ""
    """First line of the function's docstring."""


@dc.dataclass(frozen=True)
class EndpointRef:
    method: str
    path: str
    module: str = ""
    function: str = ""
    line: int = 0


@dc.dataclass(frozen=True)
class Producer:
    module: str
    function: str
    line: int
    path: str
    status: StatusRef
    endpoint: EndpointRef | None = None
    """One endpoint that reaches this producer (the first in path order), if any."""
    endpoints: tuple[EndpointRef, ...] = ()
    service: str | None = None
    """The service that produces it, when the producer is another background service."""


@dc.dataclass(frozen=True)
class Scheduler:
    """A scheduler object the backend creates, where it starts and stops, what runs on it."""

    key: str
    """``module:variable``."""
    module: str
    variable: str
    line: int
    cls: str
    """Dotted name of its class (``apscheduler.schedulers.asyncio.AsyncIOScheduler``)."""
    options: dict[str, str] = dc.field(default_factory=dict)
    """Constructor arguments, as written."""
    started_in: tuple[ChainStep, ...] = ()
    shutdown_in: tuple[ChainStep, ...] = ()
    jobs: tuple[str, ...] = ()
    """Ids of the services registered on it."""


@dc.dataclass(frozen=True)
class Queue:
    """One status value some code waits for or puts work in: who polls it, who writes it."""

    status: StatusRef
    pollers: tuple[str, ...] = ()
    """Ids of the services that poll for it (registered or not)."""
    writers: tuple[Producer, ...] = ()
    orphan: bool = False
    """Work is put here but no registered service polls it (FLOW1)."""
    unwritten: bool = False
    """A registered service polls it but nothing writes it (FLOW2)."""


@dc.dataclass(frozen=True)
class Service:
    id: str
    module: str
    function: str
    line: int
    kind: str
    path: str
    job_id: str | None = None
    name: str | None = None
    trigger: Trigger = Trigger("unknown")
    registered: bool = False
    registration: Registration | None = None
    endpoints: tuple[EndpointRef, ...] = ()
    """Endpoints that start it (background and asyncio tasks)."""
    starters: tuple[ChainStep, ...] = ()
    """Functions that spawn it (``add_task``/``create_task`` call sites)."""
    polls: tuple[StatusRef, ...] = ()
    writes: tuple[StatusRef, ...] = ()
    producers: tuple[Producer, ...] = ()
    outcome: str | None = None
    outcome_source: str = ""
    """``metadata``, ``docstring`` or ``""``."""
    workflow: str | None = None
    owner: str | None = None
    docstring: str = ""
    max_instances: Any = None
    coalesce: Any = None
    kwargs: dict[str, str] = dc.field(default_factory=dict)
    calls: tuple[str, ...] = ()
    """``module:function`` of the project functions it calls (transitively, bounded)."""
    models: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    """Source files (relative paths) the service's documentation is built from."""
    loop_helper: str | None = None
    """``module:function`` of the generic polling helper it runs, if any."""
    scheduler: str | None = None
    """Key of the scheduler it is registered on (scheduler jobs)."""
    sessions: tuple[str, ...] = ()
    """``module:function`` of the session-factory functions its code calls."""
    transactions: int = 0
    """``session.begin()`` blocks in its code."""
    commits: int = 0
    """Explicit ``commit()`` calls in its code."""


@dc.dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    module: str
    function: str
    line: int
    router: str = ""
    """``module:variable`` of the router (or app) it is declared on."""
    condition: str | None = None
    mounted: bool = True
    """False when no ``include_router`` chain from an app reaches its router."""
    summary: str = ""
    starts: tuple[str, ...] = ()
    """Ids of the services this endpoint starts (background or asyncio tasks)."""
    feeds: tuple[str, ...] = ()
    """Ids of the services whose queue this endpoint writes."""


@dc.dataclass(frozen=True)
class Router:
    key: str
    """``module:variable``."""
    module: str
    variable: str
    line: int
    prefix: str = ""
    mounted_at: tuple[str, ...] = ()
    """Full prefixes under which it is included."""
    is_app: bool = False


@dc.dataclass(frozen=True)
class Mount:
    path: str
    module: str
    line: int
    target: str = ""


@dc.dataclass(frozen=True)
class EnumRecord:
    key: str
    module: str
    name: str
    line: int
    members: dict[str, Any] = dc.field(default_factory=dict)


@dc.dataclass(frozen=True)
class ModelRecord:
    key: str
    module: str
    name: str
    line: int
    table: str | None = None
    status_fields: dict[str, str] = dc.field(default_factory=dict)
    """Status column -> ``module:Class`` of its enum (``""`` when not an enum)."""


@dc.dataclass(frozen=True)
class Finding:
    id: str
    rule: str
    severity: str
    module: str
    path: str
    line: int
    symbol: str
    message: str
    fingerprint: str
    title: str = ""
    mandate: str = ""
    services: tuple[str, ...] = ()
    """Ids of the services this finding affects."""


#: The subtype of a diagnostic that is shown, not warned about (the files left out).
NOTE = "note"


@dc.dataclass(frozen=True)
class Diagnostic:
    """A problem with the input (unparsable file, unfollowed link, computed job...), or,
    with the subtype :data:`NOTE`, something the user should know that is not a problem."""

    subtype: str
    message: str
    path: str | None = None
    line: int | None = None


T = TypeVar("T")


def to_json(record: Any) -> Any:
    """Plain JSON data (dicts, lists, scalars) for a record or a collection of records."""
    if dc.is_dataclass(record):
        return {field.name: to_json(getattr(record, field.name)) for field in dc.fields(record)}
    if isinstance(record, (list, tuple)):
        return [to_json(item) for item in record]
    if isinstance(record, dict):
        return {str(key): to_json(value) for key, value in record.items()}
    return record


def from_json(cls: type[T], data: Any) -> T:
    """The inverse of :func:`to_json` for a record class."""
    return _decode(cls, data)


_HINTS: dict[type, dict[str, Any]] = {}


def _decode(annotation: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(annotation)
    if dc.is_dataclass(annotation):
        hints = _HINTS.get(annotation)
        if hints is None:
            hints = _HINTS[annotation] = typing.get_type_hints(annotation)
        known = {field.name for field in dc.fields(annotation)}
        return annotation(
            **{key: _decode(hints[key], value) for key, value in data.items() if key in known}
        )
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return _decode(options[0], data) if len(options) == 1 else data
    if origin is tuple:
        item = typing.get_args(annotation)[0]
        return tuple(_decode(item, value) for value in data)
    if origin is list:
        item = typing.get_args(annotation)[0]
        return [_decode(item, value) for value in data]
    if origin is dict:
        _, value_type = typing.get_args(annotation)
        return {key: _decode(value_type, value) for key, value in data.items()}
    return data
