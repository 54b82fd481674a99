"""Comparing status values across code that writes them and code that polls them."""

from __future__ import annotations

from ..model.statusflow import Hit
from ..parse.text import value_text
from .base import RuleContext


def literal(context: RuleContext, hit: Hit) -> object:
    """The value stored in the database for a hit's value, when known."""
    value = hit.value
    if value[0] == "enum":
        record = context.data.enums.get(value[1])
        if record is not None and value[2] in record.members:
            stored = record.members[value[2]]
            return stored if stored is not None else value[2]
    if value[0] == "const":
        return value[1]
    if value[0] == "setting":
        return value[2][1] if value[2][0] == "const" else None
    return None


def same(context: RuleContext, a: Hit, b: Hit) -> bool:
    """Same status: the same member of the same enum, or the same stored literal."""
    if a.model and b.model and a.model != b.model:
        return False
    if a.field != b.field:
        return False
    if a.value[0] == "enum" and b.value[0] == "enum":
        return a.value[1] == b.value[1] and a.value[2] == b.value[2]
    left, right = literal(context, a), literal(context, b)
    return left is not None and left == right


def label(context: RuleContext, hit: Hit) -> str:
    model = hit.model.rpartition(":")[2] or "?"
    return f"{model}.{hit.field} = {value_text(hit.value)}"


def key(hit: Hit) -> str:
    return f"{hit.model.rpartition(':')[2]}.{hit.field}={value_text(hit.value)}"
