"""Settings: the settings class (pydantic ``BaseSettings``) or environment readers, with
their defaults, and where each is read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..parse.facts import MODULE_SCOPE, stmt_value, walk
from ..parse.statements import ASSIGN
from ..records import SettingRecord
from ..resolve.imports import ImportGraph
from ..resolve.project import Env, Project
from ..resolve.values import Class, Const, EnumMember, Items, Setting, Unknown, Value, value_text

SKIPPED_ATTRS = frozenset({"model_config", "Config", "__slots__", "__annotations__"})


def json_value(value: Value) -> Any:
    """A value as JSON data (``None`` when it is not a literal)."""
    match value:
        case Const(item):
            return item if isinstance(item, (str, int, float, bool)) or item is None else None
        case Items(items):
            return [json_value(item) for item in items]
        case EnumMember(_, member):
            return member
    return None


@dataclass
class SettingsIndex:
    records: list[SettingRecord] = field(default_factory=list)
    by_name: dict[str, SettingRecord] = field(default_factory=dict)


#: Callees that may read the environment at import time: ``os.getenv``, ``environ.get``,
#: ``config(...)``, ``env.int(...)`` and the casts around them.
READER_CALLS = frozenset(
    {"getenv", "get", "config", "int", "float", "str", "bool", "list", "dict", "json"}
)
#: Classes whose instances are called to read a setting (``config = Config(".env")``).
READER_CLASSES = frozenset({"Config", "AutoConfig", "RepositoryEnv", "Env"})


def _settings_classes(project: Project) -> dict[str, list[str]]:
    """Module -> classes that may be settings classes, from the headers alone.

    A settings class is named ``...Settings`` or derives, through project classes, from
    one (``BaseSettings`` included, under any alias it is imported as); the exact kind is
    decided later by :meth:`Project.class_kind`, for these classes only.
    """
    names = {"BaseSettings"}
    for facts in project.modules.values():
        for fact in facts.imports:
            names.update(asname for name, asname in fact.names if asname and name in names)
    classes = [
        (module, qualname, bases)
        for module, facts in project.modules.items()
        for qualname, bases in facts.class_bases
    ]
    found: dict[tuple[str, str], None] = {}
    changed = True
    while changed:
        changed = False
        for module, qualname, bases in classes:
            if (module, qualname) in found:
                continue
            last = qualname.rpartition(".")[2]
            if last.endswith("Settings") or any(
                base in names or base.endswith("Settings") for base in bases
            ):
                found[(module, qualname)] = None
                names.add(last)
                changed = True
    by_module: dict[str, list[str]] = {}
    for module, qualname in found:
        by_module.setdefault(module, []).append(qualname)
    return by_module


def _reader_modules(project: Project) -> set[str]:
    """Modules whose body may read the environment when imported."""
    calls = set(READER_CALLS)
    makers = [
        module
        for module, facts in project.modules.items()
        if not READER_CLASSES.isdisjoint(facts.module_calls)
    ]
    for module in makers:  # the names the reader instances are bound to
        scope = project.modules[module].function(MODULE_SCOPE)
        for stmt in scope.stmts if scope else ():
            if stmt[0] == ASSIGN and stmt[4][0] == "k":
                calls.update(target[1] for target in stmt[3] if target[0] == "n")
    for facts in project.modules.values():
        for fact in facts.imports:
            calls.update(asname for name, asname in fact.names if asname and name in calls)
    return {
        module
        for module, facts in project.modules.items()
        if not calls.isdisjoint(facts.module_calls)
    }


def collect_settings(project: Project, imports: ImportGraph) -> SettingsIndex:
    index = SettingsIndex()
    owners: list[str] = []
    classes = _settings_classes(project)
    readers = _reader_modules(project)
    for module in sorted(classes.keys() | readers):
        facts = project.modules[module]
        decoded = facts.decoded
        _collect_module(project, index, owners, module, classes.get(module, ()), module in readers)
        if not decoded:
            facts.forget()
    _find_reads(project, imports, index, set(owners))
    return index


def _collect_module(
    project: Project,
    index: SettingsIndex,
    owners: list[str],
    module: str,
    classes: Iterable[str],
    reads: bool,
) -> None:
    facts = project.modules[module]
    if classes:
        for qualname in classes:
            klass = facts.klass(qualname)
            cls = Class(module, qualname)
            if project.class_kind(cls) != "settings":
                continue
            owners.append(module)
            for name, line, _annotation, value in klass.attrs:
                if name in SKIPPED_ATTRS or name.startswith("_"):
                    continue
                default = project.setting_default(value, Env(module, MODULE_SCOPE, line))
                _add(
                    index,
                    SettingRecord(
                        name, json_value(default), _text(default), module, line, qualname
                    ),
                )
    scope = facts.function(MODULE_SCOPE) if reads else None
    if scope is None:
        return
    for stmt in scope.stmts:
        if stmt[0] != ASSIGN or stmt[4][0] != "k" or len(stmt[3]) != 1:
            continue
        value = project.evaluate(stmt[4], Env(module, MODULE_SCOPE, stmt[1]))
        if isinstance(value, Setting) and value.key is None:
            owners.append(module)
            _add(
                index,
                SettingRecord(
                    value.name, json_value(value.default), _text(value.default), module, stmt[1]
                ),
            )


def _add(index: SettingsIndex, record: SettingRecord) -> None:
    if record.name in index.by_name:
        return
    index.records.append(record)
    index.by_name[record.name] = record


def _text(value: Value) -> str:
    if value == Unknown(""):
        return ""
    return value_text(value)


def _attributes(expr: Any) -> Iterator[tuple]:
    """Attributes and calls (``settings.X``, ``getattr(settings, "X")``)."""
    return (node for node in walk(expr) if node[0] == "a" or node[0] == "k")


def _find_reads(
    project: Project, imports: ImportGraph, index: SettingsIndex, owners: set[str]
) -> None:
    """Places that read each setting, in the modules that import a settings module."""
    if not index.records:
        return
    readers = set(owners)
    for source, targets in imports.all_edges.items():
        if targets & owners:
            readers.add(source)
    names = frozenset(index.by_name)
    # the functions that mention a setting's name or getattr: the only ones that can read
    # one (one set for every module: the build's record of reads keeps it once)
    listed = names | {"getattr"}
    reads: dict[str, set[str]] = {}
    for module in sorted(readers):
        facts = project.modules[module]
        if "getattr" not in facts.call_names and not any(
            facts.may_use_attribute(name) for name in names
        ):
            continue  # the header says no setting is read here
        decoded = facts.decoded
        _module_reads(project, module, names, listed, reads)
        if not decoded:
            facts.forget()
    for position, record in enumerate(index.records):
        found = tuple(sorted(reads.get(record.name, ())))
        if found:
            updated = SettingRecord(
                record.name,
                record.default,
                record.default_text,
                record.module,
                record.line,
                record.owner,
                found,
            )
            index.records[position] = updated
            index.by_name[record.name] = updated


def _module_reads(
    project: Project,
    module: str,
    names: frozenset[str],
    listed: frozenset[str],
    reads: dict[str, set[str]],
) -> None:
    for qualname, function in project.modules[module].functions_where("mentions", listed):
        for stmt in function.stmts:
            payload = stmt_value(stmt)
            if payload is None:
                continue
            for node in _attributes(payload):
                if node[0] == "a" and node[2] not in names:
                    continue
                if node[0] == "k" and not (node[1] == ("n", "getattr") and len(node[2]) >= 2):
                    continue
                value = project.evaluate(node, Env(module, qualname, stmt[1]))
                if isinstance(value, Setting) and value.name in names:
                    reads.setdefault(value.name, set()).add(f"{module}:{qualname}")
