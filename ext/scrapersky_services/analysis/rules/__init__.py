"""The audit rules: one small module per rule, each with its code, severity and mandate.

Every module defines ``RULE`` (:class:`.base.Rule`) and ``check(context)``, which yields
:class:`.base.RawFinding` records; the pipeline gives each a stable id and a fingerprint.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
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

#: Rules that check one backend's own mandates (ScraperSky's): run only when configured.
BACKEND_SPECIFIC = frozenset({"TEN1", "ERR1"})
#: Rules that need a configured value to mean anything.
NEEDS_API_PREFIX = frozenset({"API1", "API2"})
NEEDS_SESSION_FACTORY = frozenset({"DB1"})


def select_rules(
    configured: Iterable[str], api_prefix: str, session_factory_modules: Iterable[str]
) -> tuple[tuple[str, ...], list[str]]:
    """The codes of the rules that apply, in the reference's order, and the configured
    codes that name no rule.

    Nothing configured: every rule but the backend-specific ones. Either way a rule that
    needs a value (the API prefix, the session-factory modules) is left out without it.
    """
    wanted = {code.upper() for code in configured}
    unknown = sorted(wanted - set(RULES))
    has_prefix = bool(api_prefix)
    has_factory = any(True for _ in session_factory_modules)
    selected = tuple(
        code
        for code in RULES
        if (code in wanted if wanted else code not in BACKEND_SPECIFIC)
        and (has_prefix or code not in NEEDS_API_PREFIX)
        and (has_factory or code not in NEEDS_SESSION_FACTORY)
    )
    return selected, unknown


def mandates_for(
    rules: Iterable[str], wording: Mapping[str, Mapping[str, str]]
) -> tuple[Mandate, ...]:
    """The mandates the applied rules check, in the words the backend's data folder gives
    (its own fields over the built-in neutral ones), then the data folder's other mandates."""
    used = {RULES[code].mandate for code in rules if code in RULES}
    mandates = []
    for mandate in MANDATES:
        if mandate.id in used or mandate.id in wording:
            mandates.append(replace(mandate, **dict(wording.get(mandate.id, {}))))
    for mandate_id, fields in wording.items():
        if mandate_id not in MANDATES_BY_ID:
            mandates.append(
                Mandate(
                    mandate_id,
                    fields.get("title", mandate_id),
                    fields.get("statement", ""),
                    fields.get("rationale", ""),
                )
            )
    return tuple(mandates)


__all__ = [
    "BACKEND_SPECIFIC",
    "MANDATES",
    "MANDATES_BY_ID",
    "RULES",
    "RULE_MODULES",
    "SEVERITIES",
    "Mandate",
    "RawFinding",
    "Rule",
    "RuleContext",
    "mandates_for",
    "select_rules",
]
