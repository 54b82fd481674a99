"""Every directive of the extension by name, assembled from the modules that define them:
registered with Sphinx, listed by the reference, and asked on each build what the pages
using them would show now."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .build import get_state
from .directive_base import ScraperskyDirective
from .directives import CATALOG_DIRECTIVES
from .envdata import data_digest, outdated_pages
from .overview import OVERVIEW_DIRECTIVES
from .site_text import SITE_DIRECTIVES

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

DIRECTIVES: dict[str, type[ScraperskyDirective]] = {
    **CATALOG_DIRECTIVES,
    **OVERVIEW_DIRECTIVES,
    **SITE_DIRECTIVES,
}


def setup_directives(app: Sphinx) -> None:
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)


def outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: pages whose directives would now show other data
    (:func:`.envdata.outdated_pages`, which also starts this build's record)."""
    state = get_state(env)

    def shows_now(name: str, arguments: tuple[str, ...], options: dict[str, str]) -> str | None:
        directive = DIRECTIVES.get(name)
        if directive is None:
            return None
        return data_digest(directive.data(state, arguments, options))

    return outdated_pages(app, env, changed, removed, state, shows_now)
