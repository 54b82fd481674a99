"""What every audit rule declares, and the context the rules read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model.models import DataModel
    from ..model.routes import RouteMap
    from ..model.statusflow import Hit
    from ..records import Service
    from ..resolve.callgraph import CallGraph
    from ..resolve.imports import ImportGraph
    from ..resolve.project import Project
    from ..services.base import ServiceFinder


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    severity: str
    rationale: str
    mandate: str
    """Id of the architectural mandate the rule enforces."""
    needs: str = ""
    """What must be configured for the rule to run: ``""`` (nothing), ``"api_prefix"``,
    ``"session_factory"``, or ``"selection"`` for a rule that checks one backend's own
    mandates and runs only when ``scrapersky_rules`` names it."""


@dataclass(frozen=True)
class Mandate:
    id: str
    title: str
    statement: str
    rationale: str


MANDATES = (
    Mandate(
        "MAN-SESSION",
        "Session factory only",
        "All database access goes through the session factory; no direct or legacy connections.",
        "The factory holds the settings every connection needs (pool, SSL, driver options); a "
        "connection made elsewhere gets one of them wrong.",
    ),
    Mandate(
        "MAN-TRANSACTIONS",
        "Routers own transactions",
        "Routers own transactions; services are transaction-aware and do not commit; background "
        "jobs create and manage their own sessions.",
        "One owner per unit of work: a service that commits breaks its caller's transaction.",
    ),
    Mandate(
        "MAN-API-PREFIX",
        "Every endpoint under the API prefix",
        "Every endpoint is served under the API prefix; no legacy versions remain.",
        "Older API versions bypass the gateway's routing and checks, and nobody maintains them.",
    ),
    Mandate(
        "MAN-NO-TENANT",
        "No tenant filtering",
        "Tenant isolation is removed: no tenant_id filtering in queries.",
        "Leftover filters silently hide rows.",
    ),
    Mandate(
        "MAN-NATIVE-ERRORS",
        "FastAPI's native error handling",
        "Errors use FastAPI's native handling; no custom error service.",
        "One error path, with the status codes FastAPI returns.",
    ),
    Mandate(
        "MAN-ORM",
        "ORM over raw SQL",
        "Raw SQL is technical debt to be moved to the ORM.",
        "Raw SQL bypasses the models, their enums and types, and the session factory's settings.",
    ),
    Mandate(
        "MAN-REVIEW",
        "Manual review before removing code",
        "Code flagged as unused is reviewed by a person before it is archived or removed; "
        "imports point only at code that exists.",
        "Static analysis cannot see dynamic imports, scripts or scheduled entry points.",
    ),
    Mandate(
        "MAN-SERVICES",
        "Every background service known and fed",
        "Every background service is registered on purpose, has work to do, and is documented "
        "with its business outcome.",
        "A job nobody registers, a queue nobody polls or a service nobody can explain is work "
        "that silently stops happening.",
    ),
)


@dataclass
class RawFinding:
    """A finding before it gets its id: where it is and what identifies it there."""

    module: str
    symbol: str
    """Qualified name of the enclosing function or class; ``<module>`` at top level."""
    line: int
    message: str
    key: str
    """Discriminates findings of one rule in one symbol (never a line number)."""
    code: str
    """The flagged code, normalised: its hash is the fingerprint."""
    services: tuple[str, ...] = ()


@dataclass
class RuleContext:
    project: Project
    graph: CallGraph
    imports: ImportGraph
    reachable: set[str]
    entries: list[str]
    data: DataModel
    routes: RouteMap
    finder: ServiceFinder
    services: list[Service]
    service_keys: dict[tuple[str, str], list[str]]
    """Function -> ids of the services whose call tree includes it."""
    polls: list[tuple[str, Hit]]
    """``(service id, hit)`` for the polls of registered services."""
    unregistered_polls: list[tuple[str, Hit]]
    writes: list[Hit]
    api_prefix: str
    session_factory_modules: tuple[str, ...]
    extra: dict[str, Any] = field(default_factory=dict)

    def in_session_factory(self, module: str) -> bool:
        return any(
            module == entry or module.endswith("." + entry)
            for entry in self.session_factory_modules
        )
