"""Wire the extension into Sphinx: every connection in one place, the work elsewhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import api_runner, api_site, diagram_cache, gc_tuning
from .api_items import restore_packages
from .api_pages import add_backend_api_pages, index_api_database, setup_api_pages
from .api_refs import setup_api_refs
from .build import analyse_backend
from .config_glue import setup_config
from .data_pages import copy_data_pages
from .directives import outdated, setup_directives
from .envdata import (
    check_consistency,
    merge_info,
    note_need_refs,
    note_needs_nodes,
    note_reading,
    purge_doc,
    updated,
    warn_again,
)
from .graphviz_program import check_builder_formats, configure_graphviz
from .needs import merge_needs_config, register_need_types, stable_container_ids
from .profile import finish, note_read, start
from .reference import setup_reference

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_extension(app: Sphinx) -> None:
    app.setup_extension("sphinx.ext.graphviz")
    app.setup_extension("sphinx_needs")
    setup_config(app)
    setup_api_pages(app)
    setup_api_refs(app)
    # after sphinx-autodoc2's own builder-inited step (500)
    app.connect("builder-inited", restore_packages, priority=600)
    # config-inited: ours is validated at 400; sphinx-needs reads its own from 10 on
    app.connect("config-inited", merge_needs_config, priority=5)
    app.connect("config-inited", register_need_types, priority=20)
    app.connect("config-inited", configure_graphviz, priority=450)
    app.connect("config-inited", add_backend_api_pages, priority=450)
    # before our configuration's sources (1): the API build is quiet about what the
    # site's build reports
    app.connect("config-inited", api_runner.quiet, priority=0)
    # once the backend's package is added (450)
    app.connect("config-inited", api_site.configure, priority=460)
    app.connect("config-inited", api_runner.read_only_api_pages, priority=460)
    # after sphinx-autodoc2 (500) wrote the pages
    app.connect("builder-inited", api_runner.write_root, priority=650)
    app.connect("missing-reference", api_site.resolve_reference)
    # before the collector is put back (900)
    app.connect("build-finished", api_site.copy_pages, priority=800)
    app.connect("doctree-resolved", diagram_cache.reuse)
    app.connect("build-finished", diagram_cache.keep, priority=800)
    app.connect("builder-inited", check_builder_formats, priority=400)
    # before sphinx-autodoc2 (500) walks the backend: the analysis says which files to skip
    app.connect("builder-inited", analyse_backend, priority=450)
    app.connect("builder-inited", index_api_database, priority=450)
    app.connect("builder-inited", copy_data_pages, priority=450)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("env-get-outdated", outdated)
    app.connect("env-before-read-docs", note_reading)
    # every build, including one that reads nothing (env-check-consistency runs only
    # after a document was read): an incremental build warns as a clean one
    app.connect("env-updated", check_consistency)
    app.connect("env-updated", warn_again)
    app.connect("env-get-updated", updated)
    app.connect("doctree-read", note_need_refs)
    app.connect("doctree-read", note_needs_nodes)
    # after sphinx-needs (500) rendered the needs
    app.connect("doctree-resolved", stable_container_ids, priority=800)
    app.connect("config-inited", start)
    app.connect("env-before-read-docs", note_read)
    app.connect("build-finished", finish)
    # once the build runs (an app made and not built leaves the collector alone)
    app.connect("env-before-read-docs", gc_tuning.start, priority=900)
    app.connect("env-updated", gc_tuning.after_reading, priority=900)
    app.connect("build-finished", gc_tuning.finish, priority=900)
    setup_directives(app)
    setup_reference(app)
