"""Edits the cached catalog's build never looked at: answered without a new catalog, and
never different from a cold run."""

from __future__ import annotations

import ast
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import BACKENDS, MIRROR, analyse_tree, count_full_runs
from scrapersky_services.analysis import facts as facts_module
from scrapersky_services.analysis.extract import extract_module
from scrapersky_services.analysis.facts import ModuleFacts, Reads, unobserved_change

ANALYSIS = Path(facts_module.__file__).parent

#: Parts of :class:`ModuleFacts` that an edit may change without a new catalog, as long as
#: the build did not read them; ``unobserved_change`` compares everything else.
TRACKED = {"_blob", "_body", "_bound", "_calls", "_index"}
#: The members allowed to touch them: those that record the read, and those that only run
#: while the facts are made, dropped or stored.
RECORDING = {"bound_names", "_definitions", "call_index", "calls_of"}
NOT_A_READ = {"__init__", "seal", "_dynamic_imports", "forget", "decoded", "__setstate__"}


def _cached_reads(cache: Path) -> Reads:
    (folder,) = cache.glob("tree-*")
    with (folder / "catalog.pickle").open("rb") as stream:
        _, reads = pickle.load(stream)
    return reads


def test_only_the_recording_members_read_the_tracked_parts():
    """A new way to reach a body that did not record the read would let an edit the
    catalog depends on skip the new catalog: this fails before that can happen."""
    touching = set()
    for name, member in vars(ModuleFacts).items():
        function = member.fget if isinstance(member, property) else member
        code = getattr(function, "__code__", None)
        if code is not None and TRACKED & set(code.co_names):
            touching.add(name)
    assert touching <= RECORDING | NOT_A_READ | {"__getstate__"}
    assert touching >= RECORDING
    # and nothing outside facts.py reaches into a module's facts past those members
    for path in ANALYSIS.rglob("*.py"):
        if path.name == "facts.py":
            continue
        tree = ast.parse(path.read_text(), str(path))
        reached = {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in TRACKED
        }
        assert not reached, f"{path.name} reads {reached} of a module's facts directly"


def _facts(source: str) -> ModuleFacts:
    return extract_module(source.encode(), "pkg.mod", "pkg/mod.py", False)


@pytest.mark.parametrize(
    ("edited", "reads", "unobserved"),
    [
        # a comment changes nothing but the line count
        ("def f():\n    return g()\n# note\n", Reads(bodies={"pkg.mod"}), True),
        # a new function: the definitions and bound names change
        ("def f():\n    return g()\n\ndef h():\n    return 1\n", Reads(), True),
        ("def f():\n    return g()\n\ndef h():\n    return 1\n", Reads(bodies={"pkg.mod"}), False),
        ("def f():\n    return g()\n\ndef h():\n    return 1\n", Reads(bound={"pkg.mod"}), False),
        # the same calls with other arguments: the call index entries of ``g`` change
        ("def f():\n    return g(1)\n", Reads(callees={"other"}), True),
        ("def f():\n    return g(1)\n", Reads(callees={"g"}), False),
        ("def f():\n    return g(1)\n", Reads(indexes={"pkg.mod"}), False),
        # a new callee name changes the header, which every pass may scan
        ("def f():\n    return g() or k()\n", Reads(), False),
        # so does an import
        ("import os\n\ndef f():\n    return g()\n", Reads(), False),
    ],
)
def test_an_edit_is_unobserved_only_where_the_build_did_not_read(edited, reads, unobserved):
    original = _facts("def f():\n    return g()\n")
    assert unobserved_change(original, _facts(edited), reads) is unobserved


def test_a_new_function_in_a_module_nothing_read_keeps_the_catalog(tmp_path, monkeypatch):
    tree = tmp_path / "tree"
    shutil.copytree(MIRROR, tree)
    cache = tmp_path / "cache"
    analyse_tree(tree, cache)
    module = tree / "src" / "utils" / "old_csv_export.py"
    reads = _cached_reads(cache)
    assert "src.utils.old_csv_export" not in reads.bodies  # what the test relies on
    assert "src.services.sitemap_import_scheduler" in reads.bodies
    module.write_text(
        module.read_text()
        + "\n\ndef export_later(rows):\n    return [row for row in rows if row]\n"
    )
    full_runs = count_full_runs(monkeypatch)
    warm = analyse_tree(tree, cache)
    assert full_runs == []
    assert warm.to_json() == analyse_tree(tree).to_json()
    record = next(item for item in warm.modules if item.name == "src.utils.old_csv_export")
    assert record.lines == module.read_text().count("\n") + 1


def test_a_new_name_another_module_imports_takes_the_full_path(tmp_path, monkeypatch):
    """``b`` is not read for its body, but ``a`` imports a name from it that ``b`` lacks:
    defining that name changes the catalog, so it must not be answered from the cache."""
    package = tmp_path / "tree" / "pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.b import later\n")
    (package / "b.py").write_text("VALUE = 1\n")
    cache = tmp_path / "cache"
    before = analyse_tree(package.parent, cache)
    (package / "b.py").write_text("VALUE = 1\n\n\ndef later():\n    return VALUE\n")
    full_runs = count_full_runs(monkeypatch)
    after = analyse_tree(package.parent, cache)
    assert full_runs == [1]
    assert after.to_json() == analyse_tree(package.parent).to_json()
    assert after.to_json() != before.to_json()  # a shortcut here would have been wrong


EDITS = {
    "constant function": "\n\ndef edit_probe():\n    return 1\n",
    "raw SQL": "\n\ndef edit_probe(db):\n    return db.execute('SELECT 1')\n",
    "status write": "\n\ndef edit_probe(item):\n    item.status = 'done'\n",
    "task": "\n\nimport asyncio\n\n\ndef edit_probe():\n    asyncio.create_task(edit_probe())\n",
}


def test_every_edit_of_every_module_of_every_backend_matches_a_cold_run(tmp_path, monkeypatch):
    full_runs = count_full_runs(monkeypatch)
    edits = reused = 0
    for backend in sorted(BACKENDS.iterdir()):
        tree = tmp_path / backend.name / "tree"
        shutil.copytree(backend, tree)
        cache = tree.parent / "cache"
        analyse_tree(tree, cache)
        for path in sorted(tree.rglob("*.py")):
            text = path.read_text()
            for kind, addition in EDITS.items():
                path.write_text(text + addition)
                runs = len(full_runs)
                incremental = analyse_tree(tree, cache).to_json()
                edits += 1
                reused += len(full_runs) == runs
                assert incremental == analyse_tree(tree).to_json(), (
                    backend.name,
                    path.name,
                    kind,
                )
            path.write_text(text)
    assert 0 < reused < edits  # both ways were taken


def test_a_changed_setting_default_takes_the_full_path(tmp_path, monkeypatch):
    """The settings class is read for its body: a new default changes a service's trigger
    although no header field of the module changes."""
    tree = tmp_path / "tree"
    shutil.copytree(MIRROR, tree)
    cache = tmp_path / "cache"
    before = analyse_tree(tree, cache)
    settings = tree / "src" / "config" / "settings.py"
    text = settings.read_text()
    old = "DOMAIN_SCHEDULER_INTERVAL_MINUTES: int = 1\n"
    assert old in text
    settings.write_text(text.replace(old, old.replace("= 1", "= 7")))
    full_runs = count_full_runs(monkeypatch)
    after = analyse_tree(tree, cache)
    assert full_runs == [1]
    assert after.to_json() == analyse_tree(tree).to_json()
    assert after.to_json() != before.to_json()
