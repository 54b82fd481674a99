"""The analysis layer is pure Python: it imports neither Sphinx nor docutils; no module of
the package imports itself through others."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

EXT = Path(__file__).parents[1] / "ext"
MIRROR = EXT.parent / "src_mirror"


def _python(code: str) -> str:
    """What ``code`` prints, run in a fresh interpreter with only ``ext/`` on its path."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(EXT)},
    )
    return result.stdout


def test_analysis_imports_no_sphinx():
    from scrapersky_services import analysis

    modules = sorted(
        info.name
        for info in pkgutil.walk_packages(analysis.__path__, "scrapersky_services.analysis.")
    )
    modules += [
        "scrapersky_services.analysis",
        "scrapersky_services.config",
        "scrapersky_services.warnings_",
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils'))\n"
        "print(','.join(leaked))\n"
    )
    assert _python(code).strip() == ""
    assert len(modules) >= 3


def test_a_run_on_an_unchanged_tree_imports_only_what_loads_the_cache(tmp_path):
    """On a small tree most of a run with nothing changed (every docs build without an
    edit) is start-up, so such a run imports neither the passes that build a catalog (the
    resolver, call graph, rules), nor the parser, nor the process pool: each loads where it
    is first needed. No run imports :mod:`tempfile` (5 ms, more than parsing one file)."""
    heavy = (
        "scrapersky_services.analysis.passes",
        "scrapersky_services.analysis.rules",
        "scrapersky_services.analysis.resolve.project",
        "scrapersky_services.analysis.parse.extract",
        "concurrent.futures.process",
        "tempfile",
    )
    code = (
        "import sys\n"
        "from scrapersky_services.analysis import AnalysisOptions, analyse\n"
        f"catalog = analyse(AnalysisOptions({str(MIRROR)!r}, cache_dir={str(tmp_path)!r}))\n"
        f"print(len(catalog.services), *(m for m in {heavy!r} if m in sys.modules))\n"
    )

    cold = _python(code).split()
    # the first run builds and writes (src_mirror is too small to parse in a pool)
    assert cold[1:] == list(heavy[:4])
    warm = _python(code).split()
    assert warm == cold[:1]  # the same services, and none of them imported
    assert int(warm[0]) > 0


# -- no import cycle inside the package ---------------------------------------------------------

PACKAGE = EXT / "scrapersky_services"


def _package_modules() -> dict[str, tuple[Path, bool]]:
    """Dotted name -> (file, whether it is a package's ``__init__``), for every module."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(EXT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        modules[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_statements(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement of a module, at any depth (in a function too: a lazy import
    is still a dependency), except those under ``if TYPE_CHECKING:``."""
    waiting: list[ast.AST] = [tree]
    while waiting:
        node = waiting.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            waiting.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        waiting.extend(ast.iter_child_nodes(node))


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of the package it imports, read with ``ast`` (nothing is
    imported). ``from p import x`` is an edge to the submodule ``p.x`` when there is one,
    else to ``p``. As import-linter counts them, importing ``p.m`` is an edge to ``p.m``
    only, not to the package ``p`` whose ``__init__`` runs first: otherwise every package
    that re-exports from its modules would be a cycle with them."""
    modules = _package_modules()
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in modules.items():
        imported: set[str] = set()
        for statement in _import_statements(ast.parse(path.read_bytes(), str(path))):
            if isinstance(statement, ast.Import):
                for alias in statement.names:
                    target = alias.name
                    while target and target not in modules:
                        target = target.rpartition(".")[0]
                    if target:
                        imported.add(target)
                continue
            if statement.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - statement.level + 1]
                origin = ".".join([*base, *([statement.module] if statement.module else [])])
            else:
                origin = statement.module or ""
            for alias in statement.names:
                submodule = f"{origin}.{alias.name}"
                if submodule in modules:
                    imported.add(submodule)
                elif origin in modules:
                    imported.add(origin)
        graph[name] = imported - {name}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[tuple[list[str], list[str]]]:
    """For each group of modules that import each other (each strongly connected component
    of more than one module), the shortest cycle through its first module, ``[a, ..., a]``,
    and the other modules of the group."""
    cycles = []
    for group in _strongly_connected(graph):
        start = min(group)
        paths = {start: [start]}
        waiting = [start]
        cycle: list[str] = []
        while waiting and not cycle:
            module = waiting.pop(0)
            for target in sorted(graph[module] & group):
                if target == start:
                    cycle = [*paths[module], start]
                    break
                if target not in paths:
                    paths[target] = [*paths[module], target]
                    waiting.append(target)
        cycles.append((cycle, sorted(group - set(cycle))))
    return sorted(cycles)


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, without recursion: the groups of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                elif target in on_stack:
                    low[module] = min(low[module], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == module:
                        break
                if len(group) > 1:
                    groups.append(group)
    return groups


def test_the_import_graph_is_read_as_python_imports():
    graph = import_graph()
    analysis = "scrapersky_services.analysis"
    # relative, lazy (inside a function) and `from . import submodule` imports all count
    assert f"{analysis}.passes" in graph[f"{analysis}.pipeline"]
    assert f"{analysis}.cache" in graph[f"{analysis}.pipeline"]
    assert f"{analysis}.pipeline" in graph[analysis]
    assert "scrapersky_services.sphinx_ext.extension" in graph["scrapersky_services"]
    # under `if TYPE_CHECKING:` does not
    assert f"{analysis}.pipeline" not in graph[f"{analysis}.passes"]
    cycle = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycles(cycle) == [(["a", "b", "c", "a"], [])]
    assert import_cycles({"a": {"b", "c"}, "b": {"a"}, "c": {"a"}}) == [(["a", "b", "a"], ["c"])]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_of_the_package_imports_itself_through_others():
    """Modules that import each other (even lazily, from inside a function) cannot be
    read, tested or moved one at a time: each layer's pieces import downwards only."""
    found = []
    for full_cycle, full_others in import_cycles(import_graph()):
        cycle, others = (
            [name.removeprefix("scrapersky_services.") for name in names]
            for names in (full_cycle, full_others)
        )
        found.append(" -> ".join(cycle) + (f" (and {', '.join(others)})" if others else ""))
    assert not found, "modules that import each other:\n" + "\n".join(found)
