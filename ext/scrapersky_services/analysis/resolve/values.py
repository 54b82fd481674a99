"""What an expression evaluates to, statically: one small frozen record per kind of value.

:meth:`.project.Project.evaluate` returns these; every later stage matches on their class
(``match value: case Const(number): ...`` or ``isinstance``), never on a tag. Each record
still knows its short tag (``TAG``); :func:`value_text` writes one as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from ..parse.facts import Expr
    from .project import Env


class Value:
    """The base of every value record."""

    __slots__ = ()
    TAG: ClassVar[str] = ""
    __match_args__: ClassVar[tuple[str, ...]] = ()

    def fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__match_args__)

    def __eq__(self, other: object) -> bool:
        if type(other) is type(self):
            return self.fields() == other.fields()  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.TAG, *self.fields()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(map(repr, self.fields()))})"


def _value(tag: str):
    def decorate(cls):
        cls.TAG = tag
        return dataclass(frozen=True, slots=True, eq=False, repr=False)(cls)

    return decorate


@_value("mod")
class Module(Value):
    """A project module."""

    name: str


@_value("func")
class Function(Value):
    """A project function or method."""

    module: str
    qualname: str


@_value("class")
class Class(Value):
    """A project class."""

    module: str
    qualname: str


@_value("ext")
class External(Value):
    """Something outside the project (``fastapi.FastAPI``)."""

    dotted: str


@_value("inst")
class Instance(Value):
    """An instance made by calling ``cls`` (the call and where it was made kept, when
    known)."""

    cls: Value
    call: Expr | None = None
    env: Env | None = None


@_value("bound")
class Bound(Value):
    """An attribute of something not analysed further (``obj.attr``)."""

    owner: Value
    attr: str


@_value("const")
class Const(Value):
    """A literal (or arithmetic on literals)."""

    value: Any


@_value("enum")
class EnumMember(Value):
    """A member of a project enum (``key`` = ``module:Class``)."""

    key: str
    member: str


@_value("badenum")
class MissingMember(Value):
    """A reference to a member that the enum lacks."""

    key: str
    member: str


@_value("setting")
class Setting(Value):
    """A setting and its default (a value). ``key`` is the settings class
    (``module:Class``) when known; ``derived`` the expression when the value was computed
    from the setting (scaled, cast)."""

    name: str
    default: Value
    key: str | None = None
    derived: str | None = None


@_value("list")
class Items(Value):
    """A list, tuple or set of values."""

    items: tuple[Value, ...]


@_value("dict")
class Mapping(Value):
    """A dict of values: ``(key, value)`` pairs."""

    pairs: tuple[tuple[Value, Value], ...]


@_value("param")
class Param(Value):
    """A parameter with no known argument."""

    module: str
    scope: str
    name: str


@_value("col")
class Column(Value):
    """A column of a SQLAlchemy model (``model`` = ``module:Class``)."""

    model: str
    field: str


@_value("many")
class OneOf(Value):
    """One of several values (a loop variable)."""

    values: tuple[Value, ...]


@_value("missing")
class Missing(Value):
    """A project module or name that does not exist."""

    dotted: str


@_value("?")
class Unknown(Value):
    """Unknown; ``text`` is the expression as written."""

    text: str = ""


UNKNOWN = Unknown("")


def string_of(value: Value | None) -> str | None:
    """The text of a string literal value, else None."""
    return value.value if isinstance(value, Const) and isinstance(value.value, str) else None


def value_text(value: Value | None) -> str:
    """A value as text: literals as Python, enums as ``Class.member``, settings as
    ``settings.NAME``."""
    match value:
        case Const(literal):
            return repr(literal)
        case EnumMember(key, member) | MissingMember(key, member):
            return f"{key.rpartition(':')[2]}.{member}"
        case Setting(name):
            return f"settings.{name}"
        case Function(module, qualname) | Class(module, qualname):
            return f"{module}.{qualname}"
        case Module(name) | External(name):
            return name
        case Items(items):
            return "[" + ", ".join(value_text(item) for item in items) + "]"
        case Unknown(text):
            return text or "?"
    return "?"
