"""From a source tree to a :class:`~.catalog.Catalog`: find the files, parse the changed
ones, and reuse the cache where it still holds. The catalog itself is built by
:mod:`.passes`, imported only when a run has to build one."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path
from stat import S_ISREG

from .cache import Stats, TreeCache, content_hash, inputs_key, no_gc
from .catalog import Catalog
from .options import AnalysisOptions, Progress
from .parse.discovery import SourceFile, detect_layout, iter_source_files
from .parse.facts import ModuleFacts, forget_all

#: Parse in several processes when at least this many files need parsing.
PARALLEL_THRESHOLD = 100


def read_source(path: str) -> tuple[os.stat_result, bytes | None, str | None]:
    """A file's stats and bytes, checked before anything is read: only a regular file (a
    FIFO would block, a link to a device never end), at most the size the analysis takes
    (a 3 GB file is not read whole to be refused). ``(stat, None, why)`` otherwise."""
    from .parse.extract import MAX_FILE_BYTES

    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        stat = os.fstat(descriptor)
        if not S_ISREG(stat.st_mode):
            return stat, None, "not a regular file, not read"
        if stat.st_size > MAX_FILE_BYTES:
            return (
                stat,
                None,
                f"file too large to analyse ({stat.st_size:,} bytes; "
                f"the limit is {MAX_FILE_BYTES:,})",
            )
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            return stat, handle.read(MAX_FILE_BYTES + 1), None
    finally:
        os.close(descriptor)


def _digest(stat: os.stat_result, data: bytes | None) -> str:
    """The content hash, or for a file not read its size and time."""
    return content_hash(data) if data is not None else f"unread:{stat.st_size}:{stat.st_mtime_ns}"


def _extract_file(job: tuple[str, str, str, bool]) -> tuple[str, int, int, str, ModuleFacts]:
    from .parse.extract import extract_module  # not needed by a run that parses nothing

    path, module, relpath, is_package = job
    try:
        stat, data, refused = read_source(path)
    except OSError as error:
        facts = ModuleFacts(
            module, relpath, is_package, error=f"cannot read the file ({error.strerror})"
        )
        return relpath, -1, -1, "", facts
    if data is None:
        facts = ModuleFacts(module, relpath, is_package, error=refused)
    elif len(data) > ISOLATE_BYTES:
        facts = _extract_isolated(data, module, relpath, is_package)
    else:
        facts = extract_module(data, module, relpath, is_package)
    return relpath, stat.st_size, stat.st_mtime_ns, _digest(stat, data), facts


#: Files larger than this are parsed in a child process whose memory is limited to
#: :data:`PARSE_MEMORY`: Python's parser needs up to 2 KB per statement (a 5 MB file of
#: one-token lines took 4.6 GB), and the child gives all of it back.
ISOLATE_BYTES = 1_000_000
PARSE_MEMORY = 1536 * 2**20

_CHILD = """
import pickle, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
sys.path.insert(0, {path!r})
from scrapersky_services.analysis.parse.extract import extract_module
data = sys.stdin.buffer.read()
try:
    facts = extract_module(data, {module!r}, {relpath!r}, {is_package!r})
except MemoryError:
    sys.exit(3)
sys.stdout.buffer.write(pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))
"""


def _extract_isolated(data: bytes, module: str, relpath: str, is_package: bool) -> ModuleFacts:
    """Facts of a large file, parsed in a child process with limited memory (where the
    platform can limit it; elsewhere in this process)."""
    import subprocess
    import sys

    from .parse.extract import TOO_LARGE_TO_PARSE, extract_module

    try:
        import resource  # noqa: F401  (POSIX only)
    except ImportError:
        return extract_module(data, module, relpath, is_package)
    code = _CHILD.format(
        limit=PARSE_MEMORY,
        path=str(Path(__file__).resolve().parents[2]),
        module=module,
        relpath=relpath,
        is_package=is_package,
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", code], input=data, capture_output=True, check=False
    )
    if result.returncode == 0:
        facts = pickle.loads(result.stdout)  # written by the child above: our own data
        if isinstance(facts, ModuleFacts) and facts.error != TOO_LARGE_TO_PARSE:
            return facts
    return ModuleFacts(
        module,
        relpath,
        is_package,
        error=f"too large to parse within {PARSE_MEMORY // 2**20:,} MB of memory "
        f"({len(data):,} bytes; Python's parser needs up to 2 KB per statement)",
    )


def _extract_chunk(
    jobs: list[tuple[str, str, str, bool]],
) -> list[tuple[str, int, int, str, ModuleFacts]]:
    with no_gc():
        return [_extract_file(job) for job in jobs]


def _scan(files: list[SourceFile], known: Stats) -> Stats:
    """Every file's stats, its content hashed only when its size or time differs from the
    last run's; a file the last run did not see (or that cannot be read) is left out."""
    stats: Stats = {}
    for source in files:
        entry = known.get(source.relpath)
        if entry is None:
            continue
        try:
            stat = os.stat(source.path)
            if (stat.st_size, stat.st_mtime_ns) != entry[:2]:
                stat, data, _ = read_source(str(source.path))
                entry = (stat.st_size, stat.st_mtime_ns, _digest(stat, data))
        except OSError:
            continue
        stats[source.relpath] = entry
    return stats


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
    source root itself is unusable; every problem inside the tree becomes a diagnostic.
    ``progress("parse", done, total)`` reports the files parsed (none when every file's
    facts come from the cache)."""
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
    stats = _scan(listing.files, cache.stats)
    # what the catalog is made from besides the files' contents (the analyser and the
    # Python version name the cache folder)
    context = json.dumps([options.key(), str(layout.source_root), listing.skipped])

    if len(stats) == len(listing.files) == len(cache.stats):  # no file came or went
        key = inputs_key(context, stats)
        cached = cache.catalog(key)
        if isinstance(cached, Catalog):
            if stats != cache.stats:  # touched, same content: not hashed again next time
                cache.save(stats, key)
            return cached

    stored = cache.facts()
    stored_count = len(stored)
    modules: dict[str, ModuleFacts] = {}
    facts: dict[str, tuple[str, ModuleFacts]] = {}
    reparse: list[SourceFile] = []
    for source in listing.files:
        entry = stored.get(source.relpath)
        known = stats.get(source.relpath)
        if entry is None or known is None or entry[0] != known[2] or entry[1].name != source.module:
            reparse.append(source)
            continue
        modules[source.module] = entry[1]
        facts[source.relpath] = entry
    del stored
    for relpath, size, mtime, digest, parsed in _parse(reparse, options.jobs, progress):
        modules[parsed.name] = parsed
        if size >= 0:
            stats[relpath] = (size, mtime, digest)
            facts[relpath] = (digest, parsed)
    if reparse or len(facts) != stored_count:  # parsed, or files went
        cache.save_facts(facts)
    del facts
    from . import passes  # its dozen modules load only for a run that builds a catalog

    catalog = passes.build_catalog(layout, listing.skipped, modules, options, progress)
    del modules
    forget_all()
    cache.save(stats, inputs_key(context, stats), catalog)
    return catalog
