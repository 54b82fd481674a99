"""Fuzzing the analysis: broken files never crash it, nor hide what the other files hold.

Each example copies ``src_mirror/`` to a temporary folder and damages one to three of its
files: lines deleted or duplicated, two adjacent tokens of a line swapped, the file cut at
some byte (possibly inside a UTF-8 sequence). The analysis must not raise; every file must
still be a module, and every untouched one without an error; and every service of the
pristine mirror that depends on no damaged module (through the modules that define,
register or start it, and everything those import) must still be found.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from conftest import MIRROR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapersky_services.analysis import AnalysisOptions, Catalog, analyse

FILES = tuple(sorted(path.relative_to(MIRROR).as_posix() for path in MIRROR.rglob("*.py")))


@cache
def pristine(relpath: str) -> bytes:
    return (MIRROR / relpath).read_bytes()


@cache
def baseline() -> Catalog:
    return analyse(AnalysisOptions(str(MIRROR)))


# -- mutations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    kind: str
    at: int
    """The line (delete, duplicate, swap) or the byte offset (truncate)."""
    count: int = 1
    """Lines deleted or duplicated; for a swap, which pair of adjacent tokens."""

    def apply(self, data: bytes) -> bytes:
        if self.kind == "truncate":
            return data[: self.at]
        lines = data.splitlines(keepends=True)
        if not lines:
            return data
        at = min(self.at, len(lines) - 1)
        if self.kind == "delete":
            del lines[at : at + self.count]
        elif self.kind == "duplicate":
            lines[at:at] = lines[at : at + self.count]
        else:  # swap two adjacent whitespace-separated tokens, keeping the indentation
            line = lines[at]
            body = line.lstrip()
            indent, end = line[: len(line) - len(body)], line[len(line.rstrip()) :]
            tokens = body.split()
            if len(tokens) >= 2:
                i = self.count % (len(tokens) - 1)
                tokens[i], tokens[i + 1] = tokens[i + 1], tokens[i]
                lines[at] = indent + b" ".join(tokens) + end
        return b"".join(lines)


@st.composite
def mutations(draw, data: bytes) -> Mutation:
    lines = max(len(data.splitlines()), 1)
    kind = draw(st.sampled_from(["delete", "duplicate", "swap", "truncate"]))
    if kind == "truncate":
        return Mutation(kind, draw(st.integers(0, max(len(data) - 1, 0))))
    at = draw(st.integers(0, lines - 1))
    if kind == "swap":
        return Mutation(kind, at, draw(st.integers(0, 20)))
    return Mutation(kind, at, draw(st.integers(1, 5)))


@st.composite
def damage(draw) -> dict[str, tuple[Mutation, ...]]:
    """One to three files of the mirror, each with one to three mutations."""
    files = draw(st.lists(st.sampled_from(FILES), min_size=1, max_size=3, unique=True))
    return {
        relpath: tuple(draw(st.lists(mutations(pristine(relpath)), min_size=1, max_size=3)))
        for relpath in files
    }


# -- what must survive --------------------------------------------------------------------


def _closure(catalog: Catalog, start: set[str]) -> set[str]:
    """``start`` and every project module they import, directly or not."""
    edges: dict[str, set[str]] = {}
    for record in catalog.imports:
        if record.internal:
            edges.setdefault(record.source, set()).add(record.target)
    seen, todo = set(), list(start)
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(edges.get(module, ()))
    return seen


def _independent_services(damaged: set[str]) -> set[tuple[str, str]]:
    """Services of the pristine mirror that no damaged module can affect."""
    catalog = baseline()
    kept = set()
    for service in catalog.services:
        sites = {service.module, *(step.module for step in service.starters)}
        if service.registration is not None:
            sites.add(service.registration.module)
        if not _closure(catalog, sites) & damaged:
            kept.add((service.module, service.function))
    return kept


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(damage())
def test_damaged_files_never_break_the_analysis_of_the_others(damage):
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "mirror"
        shutil.copytree(MIRROR, tree)
        for relpath, steps in damage.items():
            data = pristine(relpath)
            for step in steps:
                data = step.apply(data)
            (tree / relpath).write_bytes(data)

        catalog = analyse(AnalysisOptions(str(tree)))

    modules = {module.path: module for module in catalog.modules}
    # every file is still a module (a damaged one may carry an error), untouched ones clean
    assert set(modules) == set(FILES)
    for relpath in FILES:
        if relpath not in damage:
            assert modules[relpath].error is None, (relpath, modules[relpath].error)

    names = {module.path: module.name for module in baseline().modules}
    damaged = {names[relpath] for relpath in damage}
    found = {(service.module, service.function) for service in catalog.services}
    assert _independent_services(damaged) - found == set()


def test_the_undamaged_mirror_has_services_to_lose():
    """The property above checks something: the pristine mirror has services everywhere."""
    catalog = baseline()
    assert len(catalog.services) >= 10
    assert {module.path for module in catalog.modules} == set(FILES)
    assert all(module.error is None for module in catalog.modules)
    assert _independent_services(set()) == {
        (service.module, service.function) for service in catalog.services
    }
    # damaging the module that defines a job takes only that job out of the independent set
    scheduler = "src.services.scheduler_heartbeat"
    lost = _independent_services(set()) - _independent_services({scheduler})
    assert (scheduler, "scheduler_heartbeat") in lost
