"""Comparing status values across code that writes them and code that polls them."""

from __future__ import annotations

from ..model.statusflow import Hit
from ..resolve.values import Const, EnumMember, Setting, value_text
from .base import RuleContext


def literal(context: RuleContext, hit: Hit) -> object:
    """The value stored in the database for a hit's value, when known."""
    match hit.value:
        case EnumMember(enum, member):
            record = context.data.enums.get(enum)
            if record is not None and member in record.members:
                stored = record.members[member]
                return stored if stored is not None else member
        case Const(literal) | Setting(_, Const(literal)):
            return literal
    return None


def same(context: RuleContext, a: Hit, b: Hit) -> bool:
    """Same status: the same member of the same enum, or the same stored literal."""
    if a.model and b.model and a.model != b.model:
        return False
    if a.field != b.field:
        return False
    if isinstance(a.value, EnumMember) and isinstance(b.value, EnumMember):
        return a.value == b.value
    left, right = literal(context, a), literal(context, b)
    return left is not None and left == right


def label(context: RuleContext, hit: Hit) -> str:
    model = hit.model.rpartition(":")[2] or "?"
    return f"{model}.{hit.field} = {value_text(hit.value)}"


def key(hit: Hit) -> str:
    return f"{hit.model.rpartition(':')[2]}.{hit.field}={value_text(hit.value)}"
