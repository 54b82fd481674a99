"""FLOW3: a reference to an enum member that the enum does not define."""

from __future__ import annotations

from collections.abc import Iterator

from ..parse.facts import last_name, walk
from ..parse.statements import ASSIGN
from ..resolve.project import Env
from ..resolve.values import MissingMember
from ._sites import code_of
from .base import RawFinding, Rule, RuleContext

RULE = Rule(
    "FLOW3",
    "Enum member that does not exist",
    "high",
    "Accessing a member an enum does not define raises AttributeError when that line runs, "
    "typically in the middle of a job, leaving rows stuck in a processing status.",
    "MAN-SERVICES",
)


def _attributes(expr: object, names: set[str]):
    """``Enum.member`` attributes whose base's last name is one of ``names``."""
    for node in walk(expr):
        if node[0] == "a" and last_name(node[1]) in names:
            yield node


def check(context: RuleContext) -> Iterator[RawFinding]:
    enum_names = set(context.data.enum_names)
    if not enum_names:
        return
    enum_modules = {record.module for record in context.data.enums.values()}
    listed = frozenset(enum_names)
    users = set(enum_modules)
    for source, targets in context.imports.all_edges.items():
        if targets & enum_modules:
            users.add(source)
    for module in sorted(users):
        facts = context.project.modules[module]
        if enum_names.isdisjoint(facts.attr_bases) and not any(
            facts.may_use_attribute(name) for name in enum_names
        ):
            continue  # the header says no enum member is used here
        for qualname, function in facts.functions_where("mentions", listed):
            for stmt in function.stmts:
                if stmt[0] == ASSIGN:
                    payload = [stmt[4], stmt[3]]
                elif stmt[0] in ("expr", "return", "raise"):
                    payload = stmt[3]
                else:
                    continue
                for node in _attributes(payload, enum_names):
                    value = context.project.evaluate(node, Env(module, qualname, stmt[1] - 0.5))
                    if not isinstance(value, MissingMember):
                        continue
                    enum = value.key.rpartition(":")[2]
                    record = context.data.enums.get(value.key)
                    known = ", ".join(record.members) if record else ""
                    yield RawFinding(
                        module,
                        qualname,
                        stmt[1],
                        f"{enum}.{value.member} does not exist ({enum} defines {known})",
                        f"{enum}.{value.member}",
                        code_of(node),
                    )
