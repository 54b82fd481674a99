"""Stage 4, services: the model in, background services with their triggers out.

One module per kind of service. Each defines ``KINDS`` (the :class:`.base.Kind` records it
produces), ``ORDER`` (when it runs) and ``find(finder)``, and is found here by its name: a
new kind is one new module. :mod:`.base` holds what the kinds share. Reads the earlier
stages only.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from .base import Kind, RawService, Roots, ServiceFinder, find_roots, outcome_section

_SHARED = frozenset({"base"})


def _kind_modules() -> tuple[ModuleType, ...]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name in _SHARED:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "find") and hasattr(module, "KINDS"):
            found.append(module)
    return tuple(sorted(found, key=lambda module: (module.ORDER, module.__name__)))


#: Every kind module, in the order their ``find`` runs.
KIND_MODULES: tuple[ModuleType, ...] = _kind_modules()
#: Every kind of service, by its catalog name, in the order the site lists them.
KINDS: dict[str, Kind] = {kind.name: kind for module in KIND_MODULES for kind in module.KINDS}


def find_services(finder: ServiceFinder) -> list[RawService]:
    """Every kind's services, found in order."""
    for module in KIND_MODULES:
        module.find(finder)
    return finder.services


def kind_of(name: str) -> Kind:
    """The kind named ``name`` (a kind no module declares, e.g. from an older catalog,
    reads as its name)."""
    return KINDS.get(name) or Kind(name, name)


__all__ = [
    "KINDS",
    "KIND_MODULES",
    "Kind",
    "RawService",
    "Roots",
    "ServiceFinder",
    "find_roots",
    "find_services",
    "kind_of",
    "outcome_section",
]
