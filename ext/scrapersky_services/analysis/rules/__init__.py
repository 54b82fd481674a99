"""The audit rules: one small module per rule, each with its code, severity and mandate.

Every module defines ``RULE`` (:class:`.base.Rule`) and ``check(context)``, which yields
:class:`.base.RawFinding` records; the pipeline gives each a stable id and a fingerprint.
"""

from __future__ import annotations

from types import ModuleType

from ...config import SEVERITIES
from . import (
    api1,
    api2,
    api3,
    db1,
    db2,
    doc1,
    err1,
    flow1,
    flow2,
    flow3,
    flow4,
    mod1,
    mod2,
    svc1,
    svc2,
    svc3,
    ten1,
)
from .base import MANDATES, Mandate, RawFinding, Rule, RuleContext

#: Every rule module, in the order the reference lists them.
RULE_MODULES: tuple[ModuleType, ...] = (
    db1,
    db2,
    ten1,
    api1,
    api2,
    api3,
    err1,
    svc1,
    svc2,
    svc3,
    flow1,
    flow2,
    flow3,
    flow4,
    mod1,
    mod2,
    doc1,
)
RULES: dict[str, Rule] = {module.RULE.code: module.RULE for module in RULE_MODULES}
MANDATES_BY_ID: dict[str, Mandate] = {mandate.id: mandate for mandate in MANDATES}

__all__ = [
    "MANDATES",
    "MANDATES_BY_ID",
    "RULES",
    "RULE_MODULES",
    "SEVERITIES",
    "Mandate",
    "RawFinding",
    "Rule",
    "RuleContext",
]
