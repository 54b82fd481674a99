"""Enums, SQLAlchemy models and their status columns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..parse.facts import MODULE_SCOPE, Expr, dotted
from ..records import EnumRecord, ModelRecord
from ..resolve import frameworks
from ..resolve.project import Env, Project
from ..resolve.values import Class, Const, Value

STATUS_NAME = re.compile(r"status|state", re.IGNORECASE)


@dataclass
class Column:
    model: str
    """``module:Class`` of the model."""
    name: str
    line: int
    enum: str = ""
    """``module:Class`` of the column's enum type, when it has one."""
    default: Value | None = None


@dataclass
class DataModel:
    enums: dict[str, EnumRecord] = field(default_factory=dict)
    enum_names: dict[str, list[str]] = field(default_factory=dict)
    """Class name -> keys of the enums with that name (two modules may share one)."""
    models: dict[str, ModelRecord] = field(default_factory=dict)
    model_names: dict[str, list[str]] = field(default_factory=dict)
    columns: dict[str, dict[str, Column]] = field(default_factory=dict)
    """Model key -> column name -> column."""
    status_columns: dict[str, list[Column]] = field(default_factory=dict)
    """Column name -> status columns with that name, across models."""
    notes: list[tuple[str, int, str]] = field(default_factory=list)
    """``(module, line, message)`` worth a warning (an enum member that is an alias)."""

    def is_status(self, column: Column) -> bool:
        return bool(column.enum) or bool(STATUS_NAME.search(column.name))


def _enum_type(project: Project, expr: Expr | None, env: Env) -> str:
    """``module:Class`` of the enum inside a column type expression, if any."""
    if expr is None:
        return ""
    if expr[0] == "k":
        name = dotted(expr[1]) or ""
        if name.rpartition(".")[2] in frameworks.ENUM_COLUMN_TYPES and expr[2]:
            value = project.evaluate(expr[2][0], env)
            if isinstance(value, Class) and project.class_kind(value) == "enum":
                return f"{value.module}:{value.qualname}"
        for argument in expr[2]:
            found = _enum_type(project, argument, env)
            if found:
                return found
        return ""
    if expr[0] == "s":  # Mapped[X], Optional[X]
        return _enum_type(project, expr[2], env)
    if expr[0] == "b" and expr[1] == "|":
        return _enum_type(project, expr[2], env) or _enum_type(project, expr[3], env)
    if expr[0] in ("n", "a"):
        value = project.evaluate(expr, env)
        if isinstance(value, Class) and project.class_kind(value) == "enum":
            return f"{value.module}:{value.qualname}"
    return ""


def build_data_model(project: Project) -> DataModel:
    data = DataModel()
    for module in sorted(project.modules):
        facts = project.modules[module]
        if not any(bases for _, bases in facts.class_bases):
            continue  # no class here derives from anything
        decoded = facts.decoded
        for qualname, klass in facts.classes.items():
            cls = Class(module, qualname)
            kind = project.class_kind(cls)
            key = f"{module}:{qualname}"
            if kind == "enum":
                members = {}
                for name, line, _annotation, value in klass.attrs:
                    if name.startswith("_") or value is None:
                        continue
                    evaluated = project.evaluate(value, Env(module, MODULE_SCOPE, line))
                    members[name] = evaluated.value if isinstance(evaluated, Const) else None
                    if members[name] is None:
                        continue
                    first = next(
                        other
                        for other, value in members.items()
                        if value == members[name] and type(value) is type(members[name])
                    )
                    if first != name:
                        data.notes.append(
                            (
                                module,
                                line,
                                f"enum member {klass.name}.{name} repeats the value "
                                f"{members[name]!r} of {klass.name}.{first}: Python makes it an "
                                f"alias of {first}, so it is never a status of its own",
                            )
                        )
                record = EnumRecord(key, module, qualname, klass.line, members)
                data.enums[key] = record
                data.enum_names.setdefault(klass.name, []).append(key)
            elif kind == "model":
                _add_model(project, data, module, qualname, key)
        if not decoded:
            facts.forget()  # looked at once; decoded again if a later pass needs it
    for columns in data.columns.values():
        for column in columns.values():
            if data.is_status(column):
                data.status_columns.setdefault(column.name, []).append(column)
    return data


def _add_model(project: Project, data: DataModel, module: str, qualname: str, key: str) -> None:
    table = None
    columns: dict[str, Column] = {}
    annotated_columns = bool(
        project.external_bases(module, qualname) & frameworks.ANNOTATED_COLUMNS_BASES
    )
    for base_module, base_qualname in reversed(project.mro(module, qualname)):
        klass = project.modules[base_module].klass(base_qualname)
        env = Env(base_module, MODULE_SCOPE, klass.line)
        for name, line, annotation, value in klass.attrs:
            if name == "__tablename__" and value is not None and value[0] == "c":
                table = value[1]
                continue
            if name.startswith("__"):
                continue
            is_column = False
            enum = ""
            default = None
            if value is not None and value[0] == "k":
                factory = (dotted(value[1]) or "").rpartition(".")[2]
                if factory in frameworks.COLUMN_FACTORIES:
                    is_column = True
                    enum = _enum_type(project, value, env)
                    for keyword, argument in value[3]:
                        if keyword == "default":
                            default = project.evaluate(argument, env.at(line))
                elif factory in frameworks.RELATIONSHIP_FACTORIES:
                    continue
            if (
                annotation is not None
                and annotation[0] == "s"
                and (dotted(annotation[1]) or "").endswith("Mapped")
            ):
                is_column = True
                enum = enum or _enum_type(project, annotation[2], env)
            elif annotation is not None and annotated_columns and not is_column:
                is_column = True  # SQLModel: every annotated attribute is a column
                enum = _enum_type(project, annotation, env)
                if value is not None and value[0] == "k":
                    for keyword, argument in value[3]:
                        if keyword == "default":
                            default = project.evaluate(argument, env.at(line))
                elif value is not None:
                    default = project.evaluate(value, env.at(line))
            if is_column:
                columns[name] = Column(key, name, line, enum, default)
    if table is None and not columns:
        return  # an abstract base or mixin without columns of its own
    klass = project.modules[module].klass(qualname)
    status_fields = {
        name: column.enum
        for name, column in columns.items()
        if column.enum or STATUS_NAME.search(name)
    }
    data.models[key] = ModelRecord(key, module, qualname, klass.line, table, status_fields)
    data.model_names.setdefault(klass.name, []).append(key)
    data.columns[key] = columns
