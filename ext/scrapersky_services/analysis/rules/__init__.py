"""The audit rules: one small module per rule, each with its code, severity and mandate.

Every module defines ``RULE`` (:class:`.base.Rule`) and ``check(context)``, which yields
:class:`.base.RawFinding` records; the pipeline gives each a stable id and a fingerprint.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import ModuleType

from ...config import SEVERITIES
from .base import MANDATES, Mandate, RawFinding, Rule, RuleContext

#: The order of the rule families in the reference (a new family goes last).
FAMILY_ORDER = ("DB", "TEN", "API", "ERR", "SVC", "FLOW", "MOD", "DOC")


def _rule_order(module: ModuleType) -> tuple[int, str, int]:
    code: str = module.RULE.code
    family = code.rstrip("0123456789")
    position = FAMILY_ORDER.index(family) if family in FAMILY_ORDER else len(FAMILY_ORDER)
    return position, family, int(code[len(family) :] or 0)


def _rule_modules() -> tuple[ModuleType, ...]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if isinstance(getattr(module, "RULE", None), Rule) and hasattr(module, "check"):
            found.append(module)
    return tuple(sorted(found, key=_rule_order))


#: Every rule module (each found by its name: a new rule is one new module), in the order
#: the reference lists them.
RULE_MODULES: tuple[ModuleType, ...] = _rule_modules()
RULES: dict[str, Rule] = {module.RULE.code: module.RULE for module in RULE_MODULES}
MANDATES_BY_ID: dict[str, Mandate] = {mandate.id: mandate for mandate in MANDATES}

#: Rules that check one backend's own mandates (ScraperSky's): run only when configured.
BACKEND_SPECIFIC = frozenset(code for code, rule in RULES.items() if rule.needs == "selection")


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
    configured_values = {
        "": True,
        "selection": True,
        "api_prefix": bool(api_prefix),
        "session_factory": any(True for _ in session_factory_modules),
    }
    selected = tuple(
        code
        for code, rule in RULES.items()
        if (code in wanted if wanted else rule.needs != "selection")
        and configured_values.get(rule.needs, False)
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
