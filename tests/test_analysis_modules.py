"""Modules, imports and reachability."""

from __future__ import annotations

from conftest import analyse_backend, comparable


def test_package_folder_imported_without_prefix():
    catalog = analyse_backend("prefixless/app")
    names = {module.name for module in catalog.modules}
    assert {"main", "core.config", "core.scheduler", "services.cleanup"} <= names
    assert catalog.package == ""
    assert catalog.entry_points == ("main",)
    edges = {(record.source, record.target) for record in catalog.imports if record.internal}
    assert ("services.cleanup", "core.config") in edges
    assert all(module.reachable for module in catalog.modules)


def test_import_kinds_levels_and_namespace_packages():
    catalog = analyse_backend("imports")
    names = {module.name for module in catalog.modules}
    assert "src.api.routes" in names  # a namespace package (no __init__.py)
    by_key = {(record.source, record.target, record.kind) for record in catalog.imports}
    assert ("src.api.routes", "src.core.db", "top") in by_key
    assert ("src.api.routes", "src.models.item", "type_checking") in by_key
    assert ("src.api.routes", "src.services.helpers", "function") in by_key
    # from . import jobs resolves to the submodule; three-level relative import
    assert ("src.main", "src.jobs", "top") in by_key
    assert ("src.services.deep.deeper", "src.core.db", "top") in by_key
    assert ("src.services.deep.deeper", "src.services.helpers", "top") in by_key
    missing = [record for record in catalog.imports if record.internal and not record.exists]
    assert [(record.source, record.target, record.line) for record in missing] == [
        ("src.services.helpers", "src.services.gone", 5)
    ]


def test_reachability_counts_function_imports_not_type_checking():
    catalog = analyse_backend("imports")
    reachable = {module.name for module in catalog.modules if module.reachable}
    # function-level import of helpers counts; the TYPE_CHECKING import of models.item does
    # not, but jobs imports it at run time (star import)
    assert {
        "src.main",
        "src.api.routes",
        "src.services.helpers",
        "src.models.item",
        "src.jobs",
    } <= reachable
    assert "src.services" in reachable  # parent package of an imported module
    unreachable = set(catalog.to_dict()["unreachable_modules"])
    assert unreachable == {"src.orphan", "src.services.deep", "src.services.deep.deeper"}
    rules = {(finding.rule, finding.module) for finding in catalog.findings}
    assert ("MOD1", "src.orphan") in rules
    assert ("MOD2", "src.services.helpers") in rules


def test_imports_regression(data_regression):
    data = comparable(analyse_backend("imports"))
    data_regression.check(
        {"modules": data["modules"], "imports": data["imports"], "findings": data["findings"]}
    )


def test_files_are_listed_depth_first_in_name_order_with_posix_paths(tmp_path):
    """The listing (its order is the order of every later pass) is os.walk's, sorted."""
    import os

    from scrapersky_services.analysis.parse.discovery import detect_layout, iter_source_files

    root = tmp_path / "tree"
    for relpath in (
        "app/__init__.py", "app/z.py", "app/b.py", "app/a/__init__.py", "app/a/m.py",
        "app/a/sub/x.py", "app/c/y.py", "app/c/__init__.py", "app/main.py",
        "app/__pycache__/q.py", "app/.hidden/h.py", "app/notes.txt",
    ):  # fmt: skip
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text("from fastapi import FastAPI\n" if "main" in relpath else "")
    (root / "app" / "folder.py").mkdir()
    layout = detect_layout(root)
    expected = []
    for dirpath, dirnames, filenames in os.walk(layout.package_dir):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith((".", "__py")))
        relative = os.path.relpath(dirpath, root).replace(os.sep, "/")
        expected += [f"{relative}/{name}" for name in sorted(filenames) if name.endswith(".py")]
    listing = iter_source_files(layout)
    assert [source.relpath for source in listing.files] == expected
    assert expected[:3] == ["app/__init__.py", "app/b.py", "app/main.py"]
    assert [source.module for source in listing.files][:4] == ["app", "app.b", "app.main", "app.z"]
    assert ("app.a", True) in {(source.module, source.is_package) for source in listing.files}


def test_migrations_and_file_names_no_import_reaches_are_one_diagnostic(tmp_path):
    """A migrations folder (its ``env.py`` or ``versions/``) anywhere in the package holds
    no application code; it and the files whose names are no module names are one line."""
    from conftest import analyse_tree
    from scrapersky_services.analysis.parse.discovery import detect_layout, iter_source_files

    root = tmp_path / "tree"
    for relpath in (
        "app/__init__.py", "app/main.py", "app/1_fix.py", "app/db/__init__.py",
        "app/db/migrations/env.py", "app/db/migrations/versions/0001_init.py",
        "app/db/migrations/versions/0002_more.py", "app/other/alembic/versions/a_b.py",
        "app/store/migrations.py", "app/store/migrations/__init__.py",
        "app/store/migrations/helpers.py",
    ):  # fmt: skip
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text("from fastapi import FastAPI\n" if "main" in relpath else "")
    listing = iter_source_files(detect_layout(root))
    modules = {source.module for source in listing.files}
    assert "app.db" in modules and not any("migrations.env" in name for name in modules)
    # a folder named migrations without env.py or versions/ is a package like any other
    assert "app.store.migrations.helpers" in modules
    catalog = analyse_tree(root)
    lines = [item for item in catalog.diagnostics if "no import reaches" in item.message]
    assert len(lines) == 1
    assert lines[0].path == "app/1_fix.py" and lines[0].subtype == "note"
    assert lines[0].message.startswith("5 files left out of the API pages and the rules")
    assert "(4 database migration scripts; 1 whose file name is not a valid module name)" in (
        lines[0].message
    )
    assert lines[0].message.endswith(
        ": app/1_fix.py, app/db/migrations/env.py, app/db/migrations/versions/0001_init.py "
        "and 2 more"
    )
    assert not [item for item in catalog.findings if "migrations" in item.module]


def test_a_top_level_namespace_package_that_imports_itself_by_name(tmp_path):
    """``src/`` without ``__init__.py`` whose code says ``from src.models import x``: the
    package is ``src`` (PEP 420), from the checkout or from the folder itself."""
    from scrapersky_services.analysis import AnalysisOptions, analyse
    from scrapersky_services.analysis.parse.discovery import detect_layout

    src = tmp_path / "checkout" / "src"
    (src / "jobs").mkdir(parents=True)
    (src / "main.py").write_text(
        "from fastapi import FastAPI\n"
        "from src.jobs.cleanup import setup_cleanup\n"
        "from src.scheduler import scheduler\n\n"
        "app = FastAPI()\n\n\n"
        '@app.on_event("startup")\nasync def start():\n    setup_cleanup()\n    scheduler.start()\n'
    )
    (src / "scheduler.py").write_text(
        "from apscheduler.schedulers.asyncio import AsyncIOScheduler\n\n"
        "scheduler = AsyncIOScheduler()\n"
    )
    (src / "jobs" / "cleanup.py").write_text(
        "from src.scheduler import scheduler\n\n\nasync def purge():\n    pass\n\n\n"
        "def setup_cleanup():\n"
        '    scheduler.add_job(purge, "interval", minutes=5, id="purge")\n'
    )
    for root in (src.parent, src):
        layout = detect_layout(root)
        assert (layout.package, layout.import_root) == ("src", src.parent.resolve())
    catalog = analyse(AnalysisOptions(str(src.parent)))
    (service,) = catalog.services
    assert service.id == "src.jobs.cleanup.purge" and service.registered
    assert not [finding for finding in catalog.findings if finding.rule in ("MOD1", "MOD2")]


def test_dependency_keys_change_with_what_a_module_imports_directly_or_not(tmp_path):
    """A module's key covers its file, the project modules it imports, directly or through a
    cycle, and their packages (with what those import); nothing else."""
    from conftest import analyse_tree

    root = tmp_path / "tree"
    (root / "app" / "jobs").mkdir(parents=True)
    files = {
        "app/__init__.py": "",
        "app/jobs/__init__.py": "from app import config\n",
        "app/config.py": "",
        "app/a.py": "from app import b\n",
        "app/b.py": "from app import a\nfrom app.jobs import job\n",
        "app/jobs/job.py": "",
        "app/alone.py": "",
    }
    for path, text in files.items():
        (root / path).write_text(text)
    catalog = analyse_tree(root)
    digests = {module.name: module.name for module in catalog.modules}
    before = catalog.dependency_keys(digests, "salt")
    assert set(before) >= {"app.a", "app.b", "app.alone", "app.jobs.job"}

    def changed_when(module: str) -> set[str]:
        after = catalog.dependency_keys({**digests, module: "edited"}, "salt")
        return {name for name in digests if after[name] != before[name]}

    # b imports job; a imports b (a cycle with b); job's package imports config
    assert changed_when("app.jobs.job") == {"app.jobs.job", "app.a", "app.b"}
    assert changed_when("app.config") == {
        "app.config", "app.jobs", "app.jobs.job", "app.a", "app.b"
    }  # fmt: skip
    assert changed_when("app") == set(digests)  # every module's package
    assert changed_when("app.alone") == {"app.alone"}
    assert catalog.dependency_keys(digests, "other salt")["app.alone"] != before["app.alone"]
