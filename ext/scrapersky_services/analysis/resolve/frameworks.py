"""What the resolver knows about the libraries a FastAPI backend builds on: which base
classes make a class an enum, a settings class (pydantic) or a model (SQLAlchemy,
SQLModel), which calls read a setting from the environment (``os.getenv``, python-decouple,
starlette's ``Config``, environs), and what declares a column.

The resolver (:mod:`.project`) is generic; supporting another library of one of these
kinds means adding its names here.
"""

from __future__ import annotations

from ..parse.facts import Expr, dotted

ENUM_BASES = frozenset(
    {"enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag", "enum.ReprEnum"}
)
SETTINGS_BASES = frozenset(
    {
        "pydantic_settings.BaseSettings",
        "pydantic_settings.main.BaseSettings",
        "pydantic.BaseSettings",
        "pydantic.v1.BaseSettings",
        "pydantic.env_settings.BaseSettings",
    }
)
DECLARATIVE_BASES = frozenset(
    {
        "sqlalchemy.orm.DeclarativeBase",
        "sqlalchemy.orm.DeclarativeBaseNoMeta",
        "sqlalchemy.orm.decl_api.DeclarativeBase",
        "sqlmodel.SQLModel",
    }
)
DECLARATIVE_FACTORIES = frozenset(
    {
        "sqlalchemy.orm.declarative_base",
        "sqlalchemy.ext.declarative.declarative_base",
        "sqlalchemy.orm.decl_api.declarative_base",
    }
)
#: A model class whose annotated attributes are all columns.
ANNOTATED_COLUMNS_BASES = frozenset({"sqlmodel.SQLModel"})
#: Calls that declare a column, and one that declares a relationship (not a column).
COLUMN_FACTORIES = frozenset({"mapped_column", "Column", "column_property"})
RELATIONSHIP_FACTORIES = frozenset({"relationship"})
#: Column types that take an enum class (``Enum(Status)``, ``ChoiceType(Status)``).
ENUM_COLUMN_TYPES = frozenset(
    {"Enum", "SAEnum", "SqlEnum", "SQLEnum", "PgEnum", "ENUM", "ChoiceType"}
)
#: Functions that read one setting from the environment (``os.getenv("X", "5")``).
ENV_READERS = frozenset({"os.getenv", "os.environ.get", "decouple.config"})
#: Instances called like a function to read a setting (``config("X", default=5, cast=int)``).
CONFIG_READERS = frozenset(
    {"starlette.config.Config", "decouple.AutoConfig", "decouple.Config", "decouple.RepositoryEnv"}
)
#: Objects whose typed methods read a setting (``env.int("X", 5)``).
ENV_OBJECTS = frozenset({"environs.Env", "environ.Env"})
#: The mapping of the environment itself (``os.environ["X"]``).
ENVIRON = "os.environ"
CASTS = {"builtins.int": int, "builtins.float": float, "builtins.str": str, "builtins.bool": bool}
#: Typed-method names of :data:`ENV_OBJECTS` and the cast each applies.
ENV_OBJECT_CASTS = {"int": int, "float": float, "str": str, "bool": bool}
#: ``Optional[X]`` / ``Annotated[X, ...]``: the class is ``X``.
TYPE_WRAPPERS = frozenset({"typing.Optional", "typing.Annotated"})
#: Attributes of every enum that are not members.
ENUM_API = frozenset(
    {
        "value",
        "name",
        "_value_",
        "_name_",
        "__members__",
        "_member_map_",
        "_value2member_map_",
        "_missing_",
        "__class__",
        "__doc__",
        "_generate_next_value_",
        "_member_names_",
    }
)


def is_env_reader(name: str) -> bool:
    """Whether calling the function ``name`` reads one setting from the environment."""
    return name in ENV_READERS or name.rpartition(".")[2] in ("getenv", "config")


def is_field(name: str) -> bool:
    """pydantic's (or SQLModel's) ``Field(...)``: its default is the attribute's value."""
    return name.rpartition(".")[2] == "Field"


def class_kind(external_bases: set[str], qualname: str, has_tablename: bool) -> str:
    """``enum``, ``settings``, ``model`` or ``class``, from the non-project bases of a class
    (a called base is written ``name()``), its name, and whether it or a project base
    declares ``__tablename__``."""
    if external_bases & ENUM_BASES:
        return "enum"
    if external_bases & SETTINGS_BASES or (
        qualname.rpartition(".")[2].endswith("Settings") and not external_bases & DECLARATIVE_BASES
    ):
        return "settings"
    if (
        external_bases & DECLARATIVE_BASES
        or any(
            name.endswith("()") and name[:-2] in DECLARATIVE_FACTORIES for name in external_bases
        )
        or has_tablename
    ):
        return "model"
    return "class"


def is_column(annotation: Expr | None, value: Expr | None) -> bool:
    """Whether a model's class attribute declares a column (``mapped_column(...)``,
    ``Column(...)``, or a ``Mapped[...]`` annotation)."""
    if value is not None and value[0] == "k":
        factory = (dotted(value[1]) or "").rpartition(".")[2]
        if factory in COLUMN_FACTORIES:
            return True
        if factory in RELATIONSHIP_FACTORIES:
            return False
    return (
        annotation is not None
        and annotation[0] == "s"
        and (dotted(annotation[1]) or "").endswith("Mapped")
    )
