"""From a source tree to a :class:`~.catalog.Catalog`: find the files, parse the changed
ones, and reuse the cache where it still holds. The catalog itself is built by
:mod:`.passes`, imported only when a run has to build one."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .cache import TreeCache, code_version, content_hash, no_gc
from .catalog import Catalog
from .options import AnalysisOptions, Progress
from .parse.discovery import SourceFile, detect_layout, iter_source_files
from .parse.facts import ModuleFacts, Reads, forget_all, recording_reads, unobserved_change

#: Parse in several processes when at least this many files need parsing.
PARALLEL_THRESHOLD = 400


def _extract_file(job: tuple[str, str, str, bool]) -> tuple[str, int, int, str, ModuleFacts]:
    from .parse.extract import extract_module  # not needed by a run that parses nothing

    path, module, relpath, is_package = job
    try:
        stat = os.stat(path)
        data = Path(path).read_bytes()
    except OSError as error:
        facts = ModuleFacts(
            module, relpath, is_package, error=f"cannot read the file ({error.strerror})"
        )
        return relpath, -1, -1, "", facts
    return (
        relpath,
        stat.st_size,
        stat.st_mtime_ns,
        content_hash(data),
        extract_module(data, module, relpath, is_package),
    )


def _extract_chunk(
    jobs: list[tuple[str, str, str, bool]],
) -> list[tuple[str, int, int, str, ModuleFacts]]:
    with no_gc():
        return [_extract_file(job) for job in jobs]


@dataclass
class _Scan:
    """What changed since the cached run."""

    stats: dict[str, tuple[int, int, str]]
    changed: list[SourceFile]
    unchanged: list[SourceFile]


def _scan(files: list[SourceFile], cache: TreeCache) -> _Scan:
    """Compare every file with the index: size and time first, content hash only if needed."""
    stats: dict[str, tuple[int, int, str]] = {}
    changed: list[SourceFile] = []
    unchanged: list[SourceFile] = []
    for source in files:
        known = cache.stats.get(source.relpath)
        if known is None:
            changed.append(source)
            continue
        try:
            stat = os.stat(source.path)
        except OSError:
            changed.append(source)
            continue
        if stat.st_size == known[0] and stat.st_mtime_ns == known[1]:
            stats[source.relpath] = known
            unchanged.append(source)
            continue
        if stat.st_size == known[0]:
            try:
                digest = content_hash(source.path.read_bytes())
            except OSError:
                digest = ""
            if digest == known[2]:
                stats[source.relpath] = (stat.st_size, stat.st_mtime_ns, digest)
                unchanged.append(source)
                continue
        changed.append(source)
    return _Scan(stats, changed, unchanged)


#: Above this many changed files the full analysis is cheaper than comparing them.
SHORTCUT_MAX_FILES = 50


def _parse(
    files: list[SourceFile], jobs: int, progress: Progress | None
) -> list[tuple[str, int, int, str, ModuleFacts]]:
    """Read and extract files, in several processes when there are many."""
    work = [
        (str(source.path), source.module, source.relpath, source.is_package) for source in files
    ]
    total = len(work)
    workers = jobs or min(os.cpu_count() or 1, 4)
    results: list[tuple[str, int, int, str, ModuleFacts]] = []
    if total >= PARALLEL_THRESHOLD and workers > 1:
        size = max(32, total // (workers * 6))
        chunks = [work[start : start + size] for start in range(0, total, size)]
        # imported here: the pool (multiprocessing, logging, ...) takes 20 ms to import,
        # a tenth of a warm run on a small tree, which never needs it
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            for chunk in pool.map(_extract_chunk, chunks):
                results.extend(chunk)
                if progress:
                    progress("parse", len(results), total)
    else:
        for done, job in enumerate(work, 1):
            results.append(_extract_file(job))
            if progress and (done % 500 == 0 or done == total):
                progress("parse", done, total)
    return results


def analyse(options: AnalysisOptions, progress: Progress | None = None) -> Catalog:
    """Analyse a backend tree. Raises :class:`~.discovery.SourceRootError` only when the
    source root itself is unusable; every problem inside the tree becomes a diagnostic."""
    with no_gc():
        try:
            return _analyse(options, progress)
        finally:
            forget_all()


def _analyse(options: AnalysisOptions, progress: Progress | None) -> Catalog:
    layout = detect_layout(options.source_root, options.package)
    listing = iter_source_files(layout)
    tree_key = hashlib.sha256(
        f"{layout.source_root}|{layout.import_root}|{layout.package}".encode()
    ).hexdigest()[:16]
    cache = TreeCache.open(options.cache_dir, tree_key)
    scan = _scan(listing.files, cache)

    # what the catalog is made from besides the files' contents
    context = hashlib.sha256(
        json.dumps(
            [options.key(), code_version(), str(layout.source_root), listing.skipped]
        ).encode()
    ).hexdigest()

    if not scan.changed:
        key = cache.key_for(scan.stats, context)
        cached = _cached_catalog(cache, key)
        if cached is not None:
            if scan.stats != cache.stats:
                cache.save(scan.stats, None, set(), key, None, context)  # touched, same
            return _with_lines(cached[0], cache.lines)

    else:
        shortcut = _unread_edit_shortcut(scan, cache, context, progress)
        if shortcut is not None:
            return shortcut

    stored = cache.facts() if scan.unchanged else {}
    modules: dict[str, ModuleFacts] = {}
    facts_by_path: dict[str, tuple[str, ModuleFacts]] = {}
    reparse: list[SourceFile] = list(scan.changed)
    for source in scan.unchanged:
        entry = stored.get(source.relpath)
        # a hash other than the file's: edited since, where the cached catalog's build did
        # not look (the shard keeps the facts that catalog was made from)
        if (
            entry is None
            or entry[1].name != source.module
            or entry[0] != scan.stats[source.relpath][2]
        ):
            reparse.append(source)
            continue
        modules[source.module] = entry[1]
        facts_by_path[source.relpath] = entry
    stats = dict(scan.stats)
    changed: set[str] = set()
    for relpath, size, mtime, digest, facts in _parse(reparse, options.jobs, progress):
        modules[facts.name] = facts
        if size >= 0:
            stats[relpath] = (size, mtime, digest)
            facts_by_path[relpath] = (digest, facts)
            changed.add(relpath)
    removed = set(cache.stats) - set(stats)
    # The facts go to disk before the catalog is built and are dropped before the catalog
    # is written, so the two never share the peak.
    cache.save_facts(facts_by_path, changed | removed)
    del stored, facts_by_path
    from . import passes  # its dozen modules load only for a run that builds a catalog

    with recording_reads() as reads:  # the build runs in this thread only
        catalog = passes.build_catalog(layout, listing.skipped, modules, options, progress)
    del modules
    forget_all()
    parts, callees = reads.by_module(), Reads(callees=reads.callees)
    del reads  # the parts hold the rest, and the cache lets go of them before the catalog
    cache.save(
        stats, None, set(), cache.key_for(stats, context), (catalog, callees), context, parts
    )
    return catalog


def _cached_catalog(cache: TreeCache, key: str) -> tuple[Catalog, Reads] | None:
    """The cached catalog made from the inputs ``key``, and what its build read."""
    cached = cache.catalog(key)
    if isinstance(cached, tuple) and len(cached) == 2:
        catalog, reads = cached
        if isinstance(catalog, Catalog) and isinstance(reads, Reads):
            return catalog, reads
    return None


def _unread_edit_shortcut(scan, cache, context, progress):
    """Files changed, but not in anything the cached catalog's build read from them (a
    comment; a function nothing reached): the cached catalog still holds, with the new line
    counts. Only the changed files are parsed, only their cache shards are read, and only
    the index overlay is written; anything else takes the full path."""
    if len(scan.changed) > SHORTCUT_MAX_FILES:
        return None
    # files were added or removed (the unchanged files are all in the index): counted, not
    # compared as sets of 20,000 paths
    known = sum(source.relpath in cache.stats for source in scan.changed)
    if known < len(scan.changed) or len(scan.stats) + known != len(cache.stats):
        return None
    # a catalog key is only ever stored with the stats it was made from (or "" when the
    # shards were written ahead of a new catalog): the rest of the inputs must match too
    if not cache.catalog_key or cache.context != context:
        return None
    cached = _cached_catalog(cache, cache.catalog_key)
    if cached is None:
        return None
    catalog, reads = cached
    # the facts the cached catalog was made from (not those of a later unread edit)
    built_from = cache.facts_of({source.relpath for source in scan.changed})
    parsed = _parse(scan.changed, 1, progress)
    parts = cache.reads_of({facts.name for *_, facts in parsed})
    if parts is None:
        return None
    for part in parts.values():
        reads.update(part)
    stats = dict(scan.stats)
    lines = dict(cache.lines)
    for relpath, size, mtime, digest, facts in parsed:
        old = built_from.get(relpath)
        if size < 0 or old is None or not unobserved_change(old[1], facts, reads):
            return None
        stats[relpath] = (size, mtime, digest)
        lines[facts.name] = facts.line_count
    cache.record_unread_edits(stats, {relpath for relpath, *_ in parsed}, lines)
    return _with_lines(catalog, lines)


def _with_lines(catalog: Catalog, lines: dict[str, int]) -> Catalog:
    """The catalog with the line counts of files edited where its build did not look."""
    if not lines:
        return catalog
    modules = tuple(
        dataclasses.replace(record, lines=lines[record.name]) if record.name in lines else record
        for record in catalog.modules
    )
    return dataclasses.replace(catalog, modules=modules)
