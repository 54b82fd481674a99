"""Settings: the settings class (pydantic ``BaseSettings``) or environment readers, with
their defaults, and where each is read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .facts import ASSIGN, MODULE_SCOPE
from .imports import ImportGraph
from .project import Env, Project, Value
from .records import SettingRecord
from .text import value_text

SKIPPED_ATTRS = frozenset({"model_config", "Config", "__slots__", "__annotations__"})


def json_value(value: Value) -> Any:
    """A value as JSON data (``None`` when it is not a literal)."""
    if value[0] == "const":
        item = value[1]
        return item if isinstance(item, (str, int, float, bool)) or item is None else None
    if value[0] == "list":
        return [json_value(item) for item in value[1]]
    if value[0] == "enum":
        return value[2]
    return None


@dataclass
class SettingsIndex:
    records: list[SettingRecord] = field(default_factory=list)
    by_name: dict[str, SettingRecord] = field(default_factory=dict)


def collect_settings(project: Project, imports: ImportGraph) -> SettingsIndex:
    index = SettingsIndex()
    owners: list[str] = []
    for module in sorted(project.modules):
        facts = project.modules[module]
        for qualname, klass in facts.classes.items():
            cls = ("class", module, qualname)
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
        scope = facts.functions.get(MODULE_SCOPE)
        if scope is None:
            continue
        for stmt in scope.stmts:
            if stmt[0] != ASSIGN or stmt[4][0] != "k" or len(stmt[3]) != 1:
                continue
            value = project.evaluate(stmt[4], Env(module, MODULE_SCOPE, stmt[1]))
            if value[0] == "setting" and value[3] is None:
                owners.append(module)
                _add(
                    index,
                    SettingRecord(value[1], json_value(value[2]), _text(value[2]), module, stmt[1]),
                )
    _find_reads(project, imports, index, set(owners))
    return index


def _add(index: SettingsIndex, record: SettingRecord) -> None:
    if record.name in index.by_name:
        return
    index.records.append(record)
    index.by_name[record.name] = record


def _text(value: Value) -> str:
    if value[0] == "?" and not value[1]:
        return ""
    return value_text(value)


def _attributes(expr: Any) -> Iterator[tuple]:
    stack = [expr]
    while stack:
        item = stack.pop()
        if type(item) is list:
            stack.extend(item)
        elif type(item) is tuple and item:
            tag = item[0]
            if tag == "a":
                yield item
                stack.append(item[1])
            elif tag == "k":
                yield item  # getattr(settings, "X")
                stack.append(item[1])
                stack.append(item[2])
                stack.extend(value for _, value in item[3])
            elif tag not in ("c", "n"):
                stack.extend(item[1:])


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
    names = set(index.by_name)
    reads: dict[str, set[str]] = {}
    for module in sorted(readers):
        for qualname, function in project.modules[module].functions.items():
            for stmt in function.stmts:
                payload = (
                    stmt[4]
                    if stmt[0] == ASSIGN
                    else (stmt[3] if stmt[0] in ("expr", "return") else None)
                )
                if payload is None:
                    continue
                for node in _attributes(payload):
                    if node[0] == "a" and node[2] not in names:
                        continue
                    if node[0] == "k" and not (node[1] == ("n", "getattr") and len(node[2]) >= 2):
                        continue
                    value = project.evaluate(node, Env(module, qualname, stmt[1]))
                    if value[0] == "setting" and value[1] in names:
                        reads.setdefault(value[1], set()).add(f"{module}:{qualname}")
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
