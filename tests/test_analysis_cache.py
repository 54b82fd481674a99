"""The analysis cache: what it saves, and that its result never differs from a cold run."""

from __future__ import annotations

import os
import pickle
import shutil

import pytest
from conftest import MIRROR, count_full_runs
from scrapersky_services.analysis import AnalysisOptions, analyse, passes
from scrapersky_services.analysis import cache as cache_module

SERVICE = "src/services/sitemap_import_scheduler.py"
SETTINGS = "src/config/settings.py"


def _run(tree, cache=None, **options):
    """The catalog, and how many files the run parsed (its ``parse`` progress)."""
    parsed: list[int] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "parse" and done == total:
            parsed.append(total)

    cache_dir = str(cache) if cache is not None else None
    catalog = analyse(AnalysisOptions(str(tree), cache_dir=cache_dir, **options), progress)
    return catalog, sum(parsed)


def _cold(tree, **options) -> str:
    return _run(tree, **options)[0].to_json()


@pytest.fixture
def mirror(tmp_path):
    """A copy of the mirror analysed once into a cache: the tree and the cache folder."""
    tree = tmp_path / "tree"
    shutil.copytree(MIRROR, tree)
    cache = tmp_path / "cache"
    catalog, parsed = _run(tree, cache)
    assert parsed == len(catalog.modules) > 50
    return tree, cache


def test_an_unchanged_tree_reuses_the_catalog_and_parses_nothing(mirror, monkeypatch):
    tree, cache = mirror
    full_runs = count_full_runs(monkeypatch)
    warm, parsed = _run(tree, cache)
    assert (full_runs, parsed) == ([], 0)
    assert warm.to_json() == _cold(tree)


def test_an_edit_shows_in_the_catalog_and_only_the_edited_file_is_parsed(mirror, monkeypatch):
    tree, cache = mirror
    before = _run(tree, cache)[0].to_json()
    settings = tree / SETTINGS
    old = "DOMAIN_SCHEDULER_INTERVAL_MINUTES: int = 1\n"
    assert old in settings.read_text()
    settings.write_text(settings.read_text().replace(old, old.replace("= 1", "= 7")))
    full_runs = count_full_runs(monkeypatch)
    after, parsed = _run(tree, cache)
    assert (full_runs, parsed) == ([1], 1)
    assert after.to_json() != before
    assert after.to_json() == _cold(tree)
    # and the next run serves the new catalog
    again, parsed = _run(tree, cache)
    assert (again.to_json(), parsed, full_runs) == (after.to_json(), 0, [1, 1])  # and the cold


def test_a_comment_edit_gives_the_new_line_count(mirror):
    tree, cache = mirror
    module = tree / SERVICE
    module.write_text(module.read_text() + "\n# a trailing comment\n\n")
    after, parsed = _run(tree, cache)
    assert parsed == 1
    (record,) = (
        item for item in after.modules if item.name == "src.services.sitemap_import_scheduler"
    )
    assert record.lines == module.read_text().count("\n") + 1
    assert after.to_json() == _cold(tree)


def test_a_touched_but_identical_file_is_hashed_not_parsed(mirror, monkeypatch):
    tree, cache = mirror
    module = tree / SERVICE
    stat = module.stat()
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    full_runs = count_full_runs(monkeypatch)
    from scrapersky_services.analysis import pipeline

    hashed: list[int] = []
    original = pipeline.content_hash
    monkeypatch.setattr(pipeline, "content_hash", lambda data: hashed.append(1) or original(data))
    catalog, parsed = _run(tree, cache)
    assert (full_runs, parsed, hashed) == ([], 0, [1])
    assert catalog.to_json() == _cold(tree)
    hashed.clear()
    assert _run(tree, cache)[1] == 0
    assert hashed == []  # its new time is in the index: not even hashed now


@pytest.mark.parametrize("added", [False, True], ids=["removed", "added"])
def test_a_file_added_or_removed_is_in_the_catalog(mirror, added):
    tree, cache = mirror
    other = tree / "src" / "utils" / "old_csv_export.py"
    if added:
        other = other.with_name("brand_new.py")
        other.write_text("# only a comment\n")
    else:
        other.unlink()
    after, parsed = _run(tree, cache)
    assert parsed == int(added)
    names = {record.name for record in after.modules}
    assert ("src.utils.brand_new" in names) is added
    assert ("src.utils.old_csv_export" in names) is added  # kept unless removed
    assert after.to_json() == _cold(tree)


def test_other_options_do_not_reuse_the_catalog(mirror):
    tree, cache = mirror
    other, parsed = _run(tree, cache, api_prefix="/api/v9")
    assert parsed == 0  # the facts are reused, the catalog is not
    assert other.to_json() == _cold(tree, api_prefix="/api/v9") != _cold(tree)


def test_another_analyser_or_python_does_not_reuse_the_cache(mirror, monkeypatch):
    tree, cache = mirror
    assert cache_module.code_version((3, 12)) != cache_module.code_version((3, 13))
    with monkeypatch.context() as patch:
        patch.setattr(cache_module, "code_version", lambda: "another-analyser")
        full_runs = count_full_runs(patch)
        catalog, parsed = _run(tree, cache)
        assert full_runs == [1] and parsed == len(catalog.modules)
    assert _run(tree, cache)[1] == 0  # its own cache is still there


@pytest.mark.parametrize(
    "content", [b"not a pickle", pickle.dumps(["a", "list"])], ids=["garbage", "other-data"]
)
def test_a_corrupt_cache_only_costs_time(mirror, monkeypatch, content):
    tree, cache = mirror
    files = [path for path in cache.rglob("*") if path.is_file()]
    assert len(files) >= 3
    for path in files:
        path.write_bytes(content)
    full_runs = count_full_runs(monkeypatch)
    catalog, parsed = _run(tree, cache)
    assert full_runs == [1] and parsed == len(catalog.modules)
    assert catalog.to_json() == _cold(tree)
    again, parsed = _run(tree, cache)  # written anew
    assert (again.to_json(), parsed, full_runs) == (catalog.to_json(), 0, [1, 1])  # and the cold


def test_an_unwritable_cache_only_costs_time(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(MIRROR, tree)
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder goes")
    cold = _cold(tree)
    for _ in range(2):
        catalog, parsed = _run(tree, blocked)
        assert catalog.to_json() == cold and parsed == len(catalog.modules)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cache", "tree"]
    assert blocked.read_text() == "a file where the cache folder goes"


def test_cache_files_are_written_whole_or_not_at_all(mirror, monkeypatch):
    """Each cache file is written beside its place and renamed over it: a write cut short
    leaves the previous file as it was and no temporary file behind."""
    tree, cache = mirror
    written = {path.name: path.read_bytes() for path in cache.rglob("*") if path.is_file()}
    assert {"index.pickle", "facts.pickle", "catalog.pickle"} <= set(written)
    module = tree / SERVICE
    module.write_text(module.read_text().replace("async def ", "async def renamed_", 1))

    def cut_short(data, stream, protocol=None):
        stream.write(b"half a pickle")
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(cache_module.pickle, "dump", cut_short)
        with pytest.raises(KeyboardInterrupt):
            _run(tree, cache)
    after = {path.name: path.read_bytes() for path in cache.rglob("*") if path.is_file()}
    assert after == written
    assert _run(tree, cache)[0].to_json() == _cold(tree)


def test_a_run_cut_short_after_the_facts_were_saved_gives_the_new_catalog(mirror, monkeypatch):
    tree, cache = mirror
    before = _run(tree, cache)[0].to_json()
    module = tree / SERVICE
    module.write_text(module.read_text().replace("async def ", "async def renamed_", 1))

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(passes, "build_catalog", interrupted)
        with pytest.raises(KeyboardInterrupt):
            _run(tree, cache)
    after, parsed = _run(tree, cache)
    assert parsed == 0  # the edited file's facts were saved under its new content
    assert after.to_json() == _cold(tree) != before


def test_a_run_cut_short_between_the_catalog_and_the_index_never_serves_that_catalog(
    mirror, monkeypatch
):
    """A new catalog is written before the index. A run cut short in between leaves the old
    index, whose catalog key is that of the old inputs: the new catalog must not answer
    for them (here: the same files, the old options)."""
    tree, cache = mirror
    dump = cache_module._dump
    written: list[str] = []

    def cut_after_the_catalog(path, data):
        if path.name == "index.pickle" and "catalog.pickle" in written:
            raise KeyboardInterrupt
        written.append(path.name)
        return dump(path, data)

    with monkeypatch.context() as patch:
        patch.setattr(cache_module, "_dump", cut_after_the_catalog)
        with pytest.raises(KeyboardInterrupt):
            _run(tree, cache, api_prefix="/api/v9")
    assert "catalog.pickle" in written  # the other options' catalog is on disk
    expected = _cold(tree)
    assert _run(tree, cache)[0].to_json() == expected
    assert _run(tree, cache, api_prefix="/api/v9")[0].to_json() != expected


def test_a_sequence_of_edits_always_matches_a_cold_run(mirror):
    """Edits, a revert and a touch in a row: each cached result is the cold one."""
    tree, cache = mirror
    module, settings = tree / SERVICE, tree / SETTINGS
    text = module.read_text()
    steps = [
        lambda: module.write_text(text + "\n# a comment\n"),
        lambda: module.write_text(text.replace("async def ", "async def renamed_", 1)),
        lambda: settings.write_text(settings.read_text() + "\nEXTRA = 1\n"),
        lambda: module.write_text(module.read_text()),
        lambda: module.write_text(text),
    ]
    for number, step in enumerate(steps):
        step()
        assert _run(tree, cache)[0].to_json() == _cold(tree), number
