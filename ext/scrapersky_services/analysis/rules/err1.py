"""ERR1: a custom error service or catch-all handler instead of FastAPI's native handling."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..resolve.values import Class
from ._sites import call_sites, code_of
from .base import RawFinding, Rule, RuleContext

RULE = Rule(
    "ERR1",
    "Custom error service instead of FastAPI's native handling",
    "medium",
    "The custom ErrorService was removed in favour of FastAPI's native error handling; "
    "remnants reformat errors and hide status codes.",
    "MAN-NATIVE-ERRORS",
    needs="selection",
)

CUSTOM = re.compile(r"Error(Service|Handler|Manager)$")


def check(context: RuleContext) -> Iterator[RawFinding]:
    custom_classes = set()
    for module, facts in context.project.modules.items():
        for qualname, _bases in facts.class_bases:
            name = qualname.rpartition(".")[2]
            if not CUSTOM.search(name) or name == "ErrorHandler":
                continue
            klass = facts.klass(qualname)
            custom_classes.add((module, qualname))
            yield RawFinding(
                module,
                qualname,
                klass.line,
                f"custom error service {klass.name} is still defined",
                "definition",
                f"class {klass.name}",
            )
    # modules that still import it
    names = {qualname.rpartition(".")[2] for _, qualname in custom_classes}
    for module in sorted(context.project.modules) if custom_classes else ():
        for fact in context.project.modules[module].imports:
            if not any(name in names for name, _ in fact.names):
                continue
            for bound, target, attr in context.project.import_targets(module, fact):
                value = context.project.import_value(target, attr)
                if (
                    isinstance(value, Class)
                    and (value.module, value.qualname) in custom_classes
                    and value.module != module
                ):
                    yield RawFinding(
                        module,
                        fact.scope,
                        fact.line,
                        f"{bound} is still imported here instead of using FastAPI's native error "
                        "handling",
                        f"import of {value.qualname}",
                        f"import {value.module}.{value.qualname}",
                    )
    for site in call_sites(context, "add_exception_handler", "exception_handler"):
        call = site.call
        if call[2] and call[2][0] in (("n", "Exception"), ("n", "BaseException")):
            yield RawFinding(
                site.module,
                site.scope,
                site.line,
                "a catch-all exception handler replaces FastAPI's native error responses",
                "catch-all handler",
                code_of(call),
            )
