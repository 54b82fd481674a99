"""Edits the cached catalog's build never looked at: answered without a new catalog, and
never different from a cold run."""

from __future__ import annotations

import ast
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import BACKENDS, MIRROR, analyse_tree, count_full_runs, write_package
from scrapersky_services.analysis.parse import facts as facts_module
from scrapersky_services.analysis.parse.extract import extract_module
from scrapersky_services.analysis.parse.facts import ModuleFacts, Reads, unobserved_change

ANALYSIS = Path(facts_module.__file__).parents[1]  # analysis/, every stage

#: Parts of :class:`ModuleFacts` that an edit may change without a new catalog, as long as
#: the build did not read them; ``unobserved_change`` compares everything else.
TRACKED = {"_blob", "_body", "_bound", "_calls", "_index", "_definitions"}
#: The members allowed to touch them: those that record the read, and those that only run
#: while the facts are made, dropped or stored (``_definitions`` decodes for the others).
RECORDING = {
    "bound_names",
    "binds",
    "functions",
    "classes",
    "function",
    "klass",
    "functions_where",
    "call_index",
    "calls_of",
}
NOT_A_READ = {
    "__init__",
    "seal",
    "_dynamic_imports",
    "forget",
    "decoded",
    "__setstate__",
    "__getstate__",
    "_definitions",
}


def _cached_reads(cache: Path) -> Reads:
    """What the cached catalog's build read: the callees beside the catalog, the rest in
    the shards by module."""
    (folder,) = cache.glob("tree-*")
    with (folder / "catalog.pickle").open("rb") as stream:
        _, reads = pickle.load(stream)
    for path in sorted(folder.glob("reads-*.pickle")):
        with path.open("rb") as stream:
            for part in pickle.load(stream).values():
                reads.update(part)
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
            if name in RECORDING:
                assert "_READS" in code.co_names, f"{name} reads without recording it"
    assert touching <= RECORDING | NOT_A_READ
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


def test_definitions_and_module_names_are_read_only_where_the_reads_are_recorded():
    """``unobserved_change`` lets a ``<module>`` scope differ in its definitions (``DEF``
    statements) and end line when none of the names they bind was looked up: that holds only
    while the resolver's module bindings are the one reader of those statements, nothing
    reads ``end_line``, and the bindings table is reached through ``module_binding`` alone."""
    for path in ANALYSIS.rglob("*.py"):
        if path.name in ("facts.py", "extract.py"):
            continue
        tree = ast.parse(path.read_text(), str(path))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            used = {node.id for node in ast.walk(function) if isinstance(node, ast.Name)}
            attributes = {
                node.attr for node in ast.walk(function) if isinstance(node, ast.Attribute)
            }
            where = f"{path.name}:{function.name}"
            assert "end_line" not in attributes, where
            # a function's statements are gone through one by one (by kind), never taken
            # as a whole, where definitions would count; MOD1's check reads the bound names
            iterated = {
                id(part)
                for node in ast.walk(function)
                if isinstance(node, (ast.For, ast.comprehension))
                for part in ast.walk(node.iter)
            }
            for node in ast.walk(function):
                if isinstance(node, ast.Attribute) and node.attr == "stmts":
                    assert id(node) in iterated or where == "mod1.py:check", where
            if "DEF" in used:
                assert where == "project.py:_collect", where
            if "_module_bindings" in attributes:
                assert where == "project.py:module_binding", where


def _facts(source: str) -> ModuleFacts:
    return extract_module(source.encode(), "pkg.mod", "pkg/mod.py", False)


NEW_FUNCTION = "def f():\n    return g()\n\ndef h():\n    return 1\n"
NEW_CLASS = "def f():\n    return g()\n\nclass K:\n    value = 1\n"
MENTIONS_TEST = ("mentions", frozenset({"VALUE"}))


@pytest.mark.parametrize(
    ("edited", "reads", "unobserved"),
    [
        # a comment changes nothing but the line count
        ("def f():\n    return g()\n# note\n", Reads(function_lists={"pkg.mod"}), True),
        # a new function: the definitions and bound names change
        ("def f():\n    return g()\n\ndef h():\n    return 1\n", Reads(), True),
        (
            "def f():\n    return g()\n\ndef h():\n    return 1\n",
            Reads(function_lists={"pkg.mod"}),
            False,
        ),
        ("def f():\n    return g()\n\ndef h():\n    return 1\n", Reads(bound={"pkg.mod"}), False),
        # the same calls with other arguments: the call index entries of ``g`` change
        ("def f():\n    return g(1)\n", Reads(callees={"other"}), True),
        ("def f():\n    return g(1)\n", Reads(callees={"g"}), False),
        ("def f():\n    return g(1)\n", Reads(indexes={"pkg.mod"}), False),
        # read one by one: the new function is neither read nor looked up by name
        (NEW_FUNCTION, Reads(functions={"pkg.mod": {"f", "<module>"}}), True),
        (NEW_FUNCTION, Reads(functions={"pkg.mod": {"h"}}), False),
        (NEW_FUNCTION, Reads(names={"pkg.mod": {"h"}}), False),
        (NEW_FUNCTION, Reads(names={"pkg.mod": {"f", "g"}}), True),
        # listed through a test: only a function that passes it counts
        (NEW_FUNCTION, Reads(filters={"pkg.mod": {MENTIONS_TEST}}), True),
        ("def f():\n    return g()\n\ndef h():\n    return VALUE\n", Reads(), True),
        (
            "def f():\n    return g()\n\ndef h():\n    return VALUE\n",
            Reads(filters={"pkg.mod": {MENTIONS_TEST}}),
            False,
        ),
        # a function read one by one, edited
        ("def f():\n    return g()  # now\n", Reads(functions={"pkg.mod": {"f"}}), True),
        ("def f():\n    x = 1\n    return g()\n", Reads(functions={"pkg.mod": {"f"}}), False),
        ("def f():\n    x = 1\n    return g()\n", Reads(functions={"pkg.mod": {"h"}}), True),
        # a module-level name looked up (bound or not), now assigned
        ("def f():\n    return g()\n\nX = 1\n", Reads(names={"pkg.mod": {"X"}}), False),
        ("def f():\n    return g()\n\nX = 1\n", Reads(names={"pkg.mod": {"Y"}}), True),
        # the module scope changed in more than its definitions, and it was read
        ("X = 1\n\ndef f():\n    return g()\n", Reads(functions={"pkg.mod": {"<module>"}}), False),
        # the classes listed, not the functions: a new function does not count
        (NEW_FUNCTION, Reads(class_lists={"pkg.mod"}), True),
        # a new class is in the header (its bases), which every pass may scan
        (NEW_CLASS, Reads(), False),
        # a new callee name changes the header, which every pass may scan
        ("def f():\n    return g() or k()\n", Reads(), False),
        # so does an import
        ("import os\n\ndef f():\n    return g()\n", Reads(), False),
    ],
)
def test_an_edit_is_unobserved_only_where_the_build_did_not_read(edited, reads, unobserved):
    original = _facts("def f():\n    return g()\n")
    assert unobserved_change(original, _facts(edited), reads) is unobserved


@pytest.mark.parametrize(
    ("reads", "unobserved"),
    [
        (Reads(classes={"pkg.mod": {"K"}}), True),
        (Reads(classes={"pkg.mod": {"L"}}), False),
        (Reads(class_lists={"pkg.mod"}), False),
        (Reads(function_lists={"pkg.mod"}), True),  # every function read, not the classes
    ],
)
def test_an_edited_class_is_unobserved_unless_it_was_read(reads, unobserved):
    original = _facts("class K:\n    value = 1\n\nclass L:\n    value = 2\n")
    edited = _facts("class K:\n    value = 1\n\nclass L:\n    value = 3\n")
    assert unobserved_change(original, edited, reads) is unobserved


SCHEDULER = "src/services/sitemap_import_scheduler.py"


@pytest.mark.parametrize(
    ("addition", "reused"),
    [
        # what the benchmark's service edit does: nothing reads or lists the new function
        ("\n\ndef export_later(rows):\n    return [row for row in rows if row]\n", True),
        # a status write: the status flow lists the module's functions that write one
        (
            "\n\nasync def reset_later(item):\n    item.status = SitemapImportProcessStatus.Queued\n",
            False,
        ),
        # a setting read: the settings pass lists the functions that mention one
        (
            "\n\ndef interval_later():\n    return settings.SITEMAP_IMPORT_SCHEDULER_INTERVAL_MINUTES\n",
            False,
        ),
        # a name the module already uses, bound again after its use
        ("\n\ndef get_background_session():\n    return None\n", False),
    ],
)
def test_a_new_function_in_a_service_module(tmp_path, monkeypatch, addition, reused):
    """A new function in a module the services come from keeps the cached catalog when
    no pass reads it, lists it or looks its name up; otherwise the full path runs. Either
    way the catalog is a cold run's."""
    tree = tmp_path / "tree"
    shutil.copytree(MIRROR, tree)
    cache = tmp_path / "cache"
    analyse_tree(tree, cache)
    module = tree / SCHEDULER
    text = module.read_text()
    assert "settings" in text and "get_background_session" in text  # what the cases rely on
    module.write_text(text + addition)
    full_runs = count_full_runs(monkeypatch)
    warm = analyse_tree(tree, cache)
    assert (full_runs == []) is reused
    assert warm.to_json() == analyse_tree(tree).to_json()


@pytest.mark.parametrize(
    "relpath",
    [
        # its classes are listed (the data model), its functions are not
        "src/api_models/jobs.py",
        # it creates the scheduler: only the names module bodies call count as factories
        "src/scheduler_instance.py",
    ],
)
def test_a_new_function_nothing_reads_keeps_the_catalog(tmp_path, monkeypatch, relpath):
    tree = tmp_path / "tree"
    shutil.copytree(MIRROR, tree)
    cache = tmp_path / "cache"
    analyse_tree(tree, cache)
    module = tree / relpath
    module.write_text(module.read_text() + "\n\ndef benchmark_edit():\n    return 1\n")
    full_runs = count_full_runs(monkeypatch)
    warm = analyse_tree(tree, cache)
    assert full_runs == []
    assert warm.to_json() == analyse_tree(tree).to_json()


def test_a_new_function_in_a_module_nothing_read_keeps_the_catalog(tmp_path, monkeypatch):
    tree = tmp_path / "tree"
    shutil.copytree(MIRROR, tree)
    cache = tmp_path / "cache"
    analyse_tree(tree, cache)
    module = tree / "src" / "utils" / "old_csv_export.py"
    reads = _cached_reads(cache)
    assert "src.utils.old_csv_export" not in reads.function_lists | reads.class_lists  # relied on
    assert reads.functions["src.services.sitemap_import_scheduler"]
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
    tree = write_package(tmp_path / "tree", a="from pkg.b import later\n", b="VALUE = 1\n")
    package = tree / "pkg"
    cache = tmp_path / "cache"
    before = analyse_tree(tree, cache)
    (package / "b.py").write_text("VALUE = 1\n\n\ndef later():\n    return VALUE\n")
    full_runs = count_full_runs(monkeypatch)
    after = analyse_tree(tree, cache)
    assert full_runs == [1]
    assert after.to_json() == analyse_tree(tree).to_json()
    assert after.to_json() != before.to_json()  # a shortcut here would have been wrong


def _rebinding(text: str) -> str:
    """A function named as the first name the module imports: it rebinds a name the
    module's code may resolve, after that code."""
    try:
        body = ast.parse(text).body
    except SyntaxError:  # a file this Python cannot parse (backends/realshaped has one)
        body = []
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            alias = node.names[0]
            if alias.name != "*":
                name = alias.asname or alias.name.split(".")[0]
                return f"\n\ndef {name}(*args, **kwargs):\n    return None\n"
    return "\n\ndef edit_probe():\n    return None\n"


EDITS = {
    "constant function": "\n\ndef edit_probe():\n    return 1\n",
    "raw SQL": "\n\ndef edit_probe(db):\n    return db.execute('SELECT 1')\n",
    "status write": "\n\ndef edit_probe(item):\n    item.status = 'done'\n",
    "task": "\n\nimport asyncio\n\n\ndef edit_probe():\n    asyncio.create_task(edit_probe())\n",
    "getattr": "\n\ndef edit_probe(source):\n    return getattr(source, 'status', None)\n",
    "rebinding": _rebinding,
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
                path.write_text(text + (addition if isinstance(addition, str) else addition(text)))
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
