"""The indexed sphinx-autodoc2 database answers exactly as sphinx-autodoc2's own."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from autodoc2.analysis import analyse_module
from autodoc2.db import InMemoryDb
from autodoc2.utils import yield_modules
from conftest import BACKENDS, MIRROR, REPO, ROOTS, build
from scrapersky_services.sphinx_ext.api_db import IndexedDb

PACKAGES = [
    (REPO / "ext" / "scrapersky_services", "scrapersky_services"),
    (MIRROR / "src", "src"),
]
CONTAINERS = {"package", "module", "class"}
TYPE_SETS = [None, {"package", "module"}, {"class", "function"}]


def _fill(*dbs, packages=PACKAGES) -> None:
    for path, root in packages:
        for module_path, name in yield_modules(path, root_module=root):
            for item in analyse_module(module_path, name):
                for db in dbs:
                    db.add(item)


def _answers(db) -> dict:
    containers = [name for name, item in db._items.items() if item["type"] in CONTAINERS]
    leaves = [name for name, item in db._items.items() if item["type"] not in CONTAINERS]
    names = [*containers, *leaves[::50], "", "scrapersky_services.nothing"]
    answers = {}
    for name in names:
        for types in TYPE_SETS:
            key = (name, tuple(sorted(types)) if types else None)
            answers[key] = (
                [item["full_name"] for item in db.get_children(name, types)],
                [item["full_name"] for item in db.get_children(name, types, sort_name=True)],
                list(db.get_children_names(name, types)),
                list(db.get_children_names(name, types, sort_name=True)),
            )
    return answers


@pytest.fixture(scope="module")
def filled():
    reference, indexed = InMemoryDb(), IndexedDb()
    _fill(reference, indexed)
    return reference, indexed, _answers(reference)


def test_same_children_in_the_same_order(filled):
    reference, indexed, expected = filled
    assert len(reference._items) > 1000
    assert any(len(children[0]) > 5 for children in expected.values())
    assert _answers(indexed) == expected


def test_same_after_removing_and_re_adding_a_package():
    reference, indexed = InMemoryDb(), IndexedDb()
    _fill(reference, indexed, packages=PACKAGES[1:])
    for db in (reference, indexed):
        db.remove("src.services", descendants=True)
        db.remove("src.config", descendants=False)
    assert "src.services.sitemap_scheduler" not in indexed
    assert _answers(indexed) == _answers(reference)
    path = MIRROR / "src" / "services"
    for module_path, name in yield_modules(path, root_module="src.services"):
        for item in analyse_module(module_path, name):
            reference.add(item)
            indexed.add(item)
    assert _answers(indexed) == _answers(reference)


def test_carries_over_a_previous_database_and_survives_pickling(filled):
    reference, _, expected = filled
    carried = pickle.loads(pickle.dumps(IndexedDb.from_db(reference)))
    assert list(carried._items) == list(reference._items)
    assert _answers(carried) == expected


def test_the_build_gives_sphinx_autodoc2_the_indexed_database(make_app, tmp_path):
    """In the API pages' own build (:mod:`scrapersky_services.sphinx_ext.api_site`), whose
    environment keeps the database for its next run."""
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-api", project)
    backend = BACKENDS / "minimal"
    kept = tmp_path / "api"
    app = build(make_app, project, backend, confoverrides={"scrapersky_cache_dir": str(kept)})
    assert (Path(app.outdir) / "apidocs" / "app" / "app.main.html").is_file()
    with (kept / "api" / "doctrees" / "environment.pickle").open("rb") as pickled:
        env = pickle.load(pickled)
    assert isinstance(env.autodoc2_db, IndexedDb)
    assert env.autodoc2_db.get_children_names("app")  # sphinx-autodoc2 filled it
    assert env.autodoc2_db._children == IndexedDb.from_db(env.autodoc2_db)._children
