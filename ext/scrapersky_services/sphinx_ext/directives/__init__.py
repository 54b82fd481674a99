"""Every directive of the extension by name, one module per family: registered with Sphinx,
listed by the reference, and asked on each build what the pages using them would show now.

- :mod:`.base`: the base class and the node builders every directive shares;
- :mod:`.services`: ``scrapersky-service``, ``scrapersky-services``;
- :mod:`.spawns`: ``scrapersky-spawns``;
- :mod:`.graphs`: ``scrapersky-import-graph``;
- :mod:`.routes`: ``scrapersky-router-map``;
- :mod:`.status_flow`: ``scrapersky-status-flow``;
- :mod:`.findings`: ``scrapersky-findings``, ``-findings-summary``, ``-mandates``, ``-rules``;
- :mod:`.overview`: ``scrapersky-summary``, ``-schedulers``, ``-registrations``,
  ``-transactions``, ``-unused``, ``-cli``;
- :mod:`.site`: ``scrapersky-intro``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..build import get_state
from ..envdata import data_digest, outdated_pages
from .base import ScraperskyDirective, ViewDirective
from .findings import (
    FindingsDirective,
    FindingsSummaryDirective,
    MandatesDirective,
    RulesReference,
)
from .graphs import ImportGraphDirective
from .overview import (
    CommandLineReference,
    RegistrationsDirective,
    SchedulersDirective,
    SummaryDirective,
    TransactionsDirective,
    UnusedModulesDirective,
)
from .routes import RouterMapDirective
from .services import ServiceDirective, ServicesDirective
from .site import IntroDirective
from .spawns import SpawnsDirective
from .status_flow import StatusFlowDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

DIRECTIVES: dict[str, type[ScraperskyDirective]] = {
    "scrapersky-service": ServiceDirective,
    "scrapersky-services": ServicesDirective,
    "scrapersky-spawns": SpawnsDirective,
    "scrapersky-import-graph": ImportGraphDirective,
    "scrapersky-router-map": RouterMapDirective,
    "scrapersky-status-flow": StatusFlowDirective,
    "scrapersky-findings": FindingsDirective,
    "scrapersky-findings-summary": FindingsSummaryDirective,
    "scrapersky-mandates": MandatesDirective,
    "scrapersky-rules": RulesReference,
    "scrapersky-summary": SummaryDirective,
    "scrapersky-schedulers": SchedulersDirective,
    "scrapersky-registrations": RegistrationsDirective,
    "scrapersky-transactions": TransactionsDirective,
    "scrapersky-unused": UnusedModulesDirective,
    "scrapersky-cli": CommandLineReference,
    "scrapersky-intro": IntroDirective,
}


def setup_directives(app: Sphinx) -> None:
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)


def outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: pages whose directives would now show other data
    (:func:`..envdata.outdated_pages`, which also starts this build's record)."""
    state = get_state(env)

    def shows_now(name: str, arguments: tuple[str, ...], options: dict[str, str]) -> str | None:
        directive = DIRECTIVES.get(name)
        if directive is None:
            return None
        if not issubclass(directive, ViewDirective):
            return data_digest(None)  # a static directive shows nothing from the catalog
        return data_digest(directive.view(state, arguments, options))

    return outdated_pages(app, env, changed, removed, state, shows_now)
