"""Wire the extension into Sphinx: every connection in one place, the work elsewhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .api_pages import add_backend_api_pages
from .config_glue import setup_config
from .graphviz_program import check_builder_formats, configure_graphviz
from .reference import setup_reference

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_extension(app: Sphinx) -> None:
    app.setup_extension("sphinx.ext.graphviz")
    setup_config(app)
    app.connect("config-inited", configure_graphviz, priority=450)
    app.connect("config-inited", add_backend_api_pages, priority=450)
    app.connect("builder-inited", check_builder_formats)
    setup_reference(app)
