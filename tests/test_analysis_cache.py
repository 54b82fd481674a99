"""The analysis cache: what an edit costs, and that the result never differs from a cold run."""

from __future__ import annotations

import shutil

import pytest
from conftest import MIRROR, analyse_tree, count_full_runs, write_package
from scrapersky_services.analysis import passes


def _analysed_mirror(tmp_path):
    """A copy of the mirror analysed once into a cache, and the service module to edit."""
    tree = tmp_path / "tree"
    shutil.copytree(MIRROR, tree)
    cache = tmp_path / "cache"
    analyse_tree(tree, cache)
    return tree, cache, tree / "src" / "services" / "sitemap_import_scheduler.py"


def test_a_comment_edit_reuses_the_catalog_with_the_new_line_count(tmp_path, monkeypatch):
    tree, cache, module = _analysed_mirror(tmp_path)
    module.write_text(module.read_text() + "\n# a trailing comment\n\n")
    full_runs = count_full_runs(monkeypatch)
    warm = analyse_tree(tree, cache)
    assert full_runs == []  # answered from the cache: only the edited file was parsed
    cold = analyse_tree(tree)
    assert warm.to_json() == cold.to_json()
    record = next(
        item for item in warm.modules if item.name == "src.services.sitemap_import_scheduler"
    )
    assert record.lines == module.read_text().count("\n") + 1
    # and the next unchanged run serves the updated catalog
    assert analyse_tree(tree, cache).to_json() == cold.to_json()


def test_a_code_edit_takes_the_full_path_and_matches_a_cold_run(tmp_path, monkeypatch):
    tree, cache, module = _analysed_mirror(tmp_path)
    text = module.read_text()
    assert "async def " in text
    module.write_text(text.replace("async def ", "async def renamed_", 1))
    full_runs = count_full_runs(monkeypatch)
    warm = analyse_tree(tree, cache)
    assert full_runs == [1]
    assert warm.to_json() == analyse_tree(tree).to_json()


def test_an_added_file_is_not_answered_from_the_old_catalog(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(MIRROR, tree)
    cache = tmp_path / "cache"
    before = analyse_tree(tree, cache)
    (tree / "src" / "services" / "brand_new.py").write_text("# only a comment\n")
    after = analyse_tree(tree, cache)
    assert len(after.modules) == len(before.modules) + 1
    assert after.to_json() == analyse_tree(tree).to_json()


@pytest.mark.parametrize("added", [False, True], ids=["removed", "added"])
def test_a_file_added_or_removed_beside_a_comment_edit_takes_the_full_path(tmp_path, added):
    """The comment alone would keep the catalog; the file that came or went does not."""
    tree, cache, module = _analysed_mirror(tmp_path)
    other = tree / "src" / "utils" / "old_csv_export.py"
    if added:
        other = other.with_name("brand_new.py")
        other.write_text("# only a comment\n")
    else:
        other.unlink()
    module.write_text(module.read_text() + "\n# a comment\n")
    after = analyse_tree(tree, cache)
    assert after.to_json() == analyse_tree(tree).to_json()
    names = {record.name for record in after.modules}
    assert ("src.utils.brand_new" in names) is added
    assert ("src.utils.old_csv_export" in names) is added  # kept unless removed


@pytest.mark.parametrize("after_a_comment_edit", [False, True], ids=["", "after-overlay"])
def test_a_run_cut_short_after_the_facts_were_saved_does_not_reuse_the_old_catalog(
    tmp_path, monkeypatch, after_a_comment_edit
):
    tree, cache, module = _analysed_mirror(tmp_path)
    if after_a_comment_edit:  # the index has an overlay with a valid key
        module.write_text(module.read_text() + "\n# a comment\n")
        analyse_tree(tree, cache)
    module.write_text(module.read_text().replace("async def ", "async def renamed_", 1))

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(passes, "build_catalog", interrupted)
        with pytest.raises(KeyboardInterrupt):
            analyse_tree(tree, cache)
    # the edited file's new facts are in the cache now, but the catalog is the old one:
    # the next run must build a new catalog, not reuse the old one for an "unread" edit
    assert analyse_tree(tree, cache).to_json() == analyse_tree(tree).to_json()


def test_comment_edits_write_an_overlay_not_the_whole_index(tmp_path, monkeypatch):
    tree, cache, module = _analysed_mirror(tmp_path)
    (folder,) = cache.glob("tree-*")
    index = folder / "index.pickle"
    before = index.stat().st_mtime_ns
    other = tree / "src" / "services" / "domain_scheduler.py"
    full_runs = count_full_runs(monkeypatch)
    for number, path in enumerate((module, other, module)):
        path.write_text(path.read_text() + f"\n# comment {number}\n")
        analyse_tree(tree, cache)
    assert full_runs == []
    assert index.stat().st_mtime_ns == before  # only the overlay was written
    overlay = folder / "index-overlay.pickle"
    assert overlay.is_file()
    # reads index + overlay
    assert analyse_tree(tree, cache).to_json() == analyse_tree(tree).to_json()
    # a code edit takes the full path: one whole index again, no overlay
    other.write_text(other.read_text().replace("async def ", "async def renamed_", 1))
    runs = len(full_runs)
    incremental = analyse_tree(tree, cache).to_json()
    assert len(full_runs) == runs + 1 and not overlay.exists()
    assert index.stat().st_mtime_ns != before
    assert incremental == analyse_tree(tree).to_json()


def test_cache_files_are_written_whole_or_not_at_all(tmp_path, monkeypatch):
    """Each cache file is written beside its place and renamed over it: a write cut short
    leaves the previous file as it was and no temporary file behind."""
    tree, cache, module = _analysed_mirror(tmp_path)
    written = {path.name: path.read_bytes() for path in cache.rglob("*.pickle")}
    assert "catalog.pickle" in written
    assert sorted(path.name for path in cache.rglob("*") if path.is_file()) == sorted(written)

    module.write_text(module.read_text().replace("async def ", "async def renamed_", 1))
    from scrapersky_services.analysis import cache as cache_module

    def cut_short(data, stream, protocol=None):
        stream.write(b"half a pickle")
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(cache_module.pickle, "dump", cut_short)
        with pytest.raises(KeyboardInterrupt):
            analyse_tree(tree, cache)
    after = {path.name: path.read_bytes() for path in cache.rglob("*") if path.is_file()}
    assert after == written
    # and the next run still gives what a run without the cache gives
    assert analyse_tree(tree, cache).to_json() == analyse_tree(tree).to_json()


def test_a_catalog_whose_reads_were_not_all_written_is_not_reused(tmp_path, monkeypatch):
    """What a build read is stored apart from its catalog, in shards by module. If one of
    them cannot be written, an older one would answer for the new catalog, so the new
    catalog is not offered for reuse: the next edit takes the full path."""
    tree, cache, module = _analysed_mirror(tmp_path)
    (folder,) = cache.glob("tree-*")
    blocked = folder / "reads-00.pickle"
    blocked.unlink()
    blocked.mkdir()  # a directory where the shard goes: the write fails
    module.write_text(module.read_text().replace("async def ", "async def renamed_", 1))
    analyse_tree(tree, cache)  # a new catalog, one of whose read shards is not written
    module.write_text(module.read_text() + "\n# a comment: reusable, were the reads whole\n")
    full_runs = count_full_runs(monkeypatch)
    analyse_tree(tree, cache)
    assert full_runs == [1]
    blocked.rmdir()
    module.write_text(module.read_text() + "\n# another\n")
    analyse_tree(tree, cache)  # the catalog again, its reads written whole this time
    assert full_runs == [1, 1]
    module.write_text(module.read_text() + "\n# and another\n")
    warm = analyse_tree(tree, cache)
    assert full_runs == [1, 1]
    assert warm.to_json() == analyse_tree(tree).to_json()


def test_a_file_edited_where_the_build_did_not_look_is_parsed_again_once_it_is_read(
    tmp_path, monkeypatch
):
    """An unread edit writes only the index overlay: the file's facts shard keeps the facts
    the cached catalog was made from. When a later edit makes the build read that file, the
    full path must parse it again rather than build from those older facts."""
    tree = write_package(tmp_path / "tree", a="VALUE = 1\n", b="from pkg.a import VALUE\n")
    package = tree / "pkg"
    cache = tmp_path / "cache"
    analyse_tree(tree, cache)
    (folder,) = cache.glob("tree-*")
    shards = {path: path.read_bytes() for path in folder.glob("facts-*.pickle")}

    full_runs = count_full_runs(monkeypatch)
    (package / "a.py").write_text(
        'VALUE = 1\n\n\nasync def later():\n    """Sends the reports."""\n    return VALUE\n'
    )
    analyse_tree(tree, cache)
    assert full_runs == []  # nothing read ``later``
    assert {path: path.read_bytes() for path in folder.glob("facts-*.pickle")} == shards

    (package / "b.py").write_text(
        "import asyncio\n\nfrom pkg.a import later\n\n\n"
        "async def start():\n    asyncio.create_task(later())\n"
    )
    after = analyse_tree(tree, cache)
    assert full_runs == [1]
    assert after.to_json() == analyse_tree(tree).to_json()
    (service,) = after.services  # the task, documented from the new function
    assert (service.module, service.function) == ("pkg.a", "later")
    assert service.docstring == "Sends the reports."


def test_a_run_cut_short_between_the_catalog_and_the_index_never_serves_that_catalog(
    tmp_path, monkeypatch
):
    """A new catalog is written before the index that names its inputs. A run cut short in
    between leaves the old index: were it still to name a catalog, the new catalog would
    answer for the old inputs (here: the same files, the old options)."""
    from scrapersky_services.analysis import AnalysisOptions, analyse
    from scrapersky_services.analysis import cache as cache_module

    tree = tmp_path / "tree"
    shutil.copytree(MIRROR, tree)
    cache = str(tmp_path / "cache")
    usual = AnalysisOptions(str(tree), cache_dir=cache)
    other = AnalysisOptions(str(tree), cache_dir=cache, api_prefix="/api/v9")
    analyse(usual)
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
            analyse(other)
    assert "catalog.pickle" in written  # the other options' catalog is on disk
    expected = analyse(AnalysisOptions(str(tree))).to_json()
    assert analyse(usual).to_json() == expected
    assert analyse(other).to_json() != expected  # the options matter, so the test does


def test_every_stored_catalog_key_is_the_key_of_the_stats_stored_with_it(tmp_path):
    """An unchanged tree reuses the stored key instead of hashing every file again: that
    holds only if every index (and overlay) stores the key of its own stats and context."""
    from scrapersky_services.analysis import AnalysisOptions, analyse
    from scrapersky_services.analysis.cache import TreeCache, catalog_inputs_key

    tree, cache, module = _analysed_mirror(tmp_path)
    (folder,) = cache.glob("tree-*")
    text = module.read_text()
    steps = {
        "a comment (the overlay)": lambda: module.write_text(text + "\n# a comment\n"),
        "a code edit (a new catalog)": lambda: module.write_text(
            text.replace("async def ", "async def renamed_", 1)
        ),
        "touched, same content": lambda: module.write_text(module.read_text()),
        "back to the start": lambda: module.write_text(text),
    }
    for step, edit in steps.items():
        edit()
        analyse_tree(tree, cache)
        stored = TreeCache.open(cache, folder.name.split("-")[1])
        assert stored.folder == folder
        assert stored.catalog_key == catalog_inputs_key(stored.context, stored.stats), step
    analyse(AnalysisOptions(str(tree), cache_dir=str(cache), api_prefix="/api/v9"))
    stored = TreeCache.open(cache, folder.name.split("-")[1])
    assert stored.catalog_key == catalog_inputs_key(stored.context, stored.stats)


def test_a_cache_file_goes_into_a_new_folder_or_nowhere(tmp_path):
    """The folder is made when the first write finds none (not checked before every
    write); where it cannot be made, nothing is written and nothing is left behind."""
    from scrapersky_services.analysis.cache import _dump, _load

    target = tmp_path / "new" / "deeper" / "data.pickle"
    assert _dump(target, {"a": 1})
    assert _load(target) == {"a": 1}
    assert [path.name for path in target.parent.iterdir()] == ["data.pickle"]
    assert _dump(target, {"a": 2}) and _load(target) == {"a": 2}  # replaced in place

    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert not _dump(blocked / "data.pickle", {"a": 1})
    assert sorted(path.name for path in tmp_path.iterdir()) == ["file", "new"]
