"""The analysis cache: what an edit costs, and that the result never differs from a cold run."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest
from conftest import MIRROR
from scrapersky_services.analysis import AnalysisOptions, analyse, pipeline


def _json(catalog) -> str:
    return json.dumps(dataclasses.asdict(catalog), sort_keys=True, default=str)


def _analyse(tree, cache=None):
    return analyse(AnalysisOptions(str(tree), cache_dir=str(cache) if cache else None))


def _analysed_mirror(tmp_path):
    """A copy of the mirror analysed once into a cache, and the service module to edit."""
    tree = tmp_path / "tree"
    shutil.copytree(MIRROR, tree)
    cache = tmp_path / "cache"
    _analyse(tree, cache)
    return tree, cache, tree / "src" / "services" / "sitemap_import_scheduler.py"


def _count_full_runs(monkeypatch) -> list[int]:
    calls: list[int] = []
    original = pipeline.build_catalog

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(pipeline, "build_catalog", counting)
    return calls


def test_a_comment_edit_reuses_the_catalog_with_the_new_line_count(tmp_path, monkeypatch):
    tree, cache, module = _analysed_mirror(tmp_path)
    module.write_text(module.read_text() + "\n# a trailing comment\n\n")
    full_runs = _count_full_runs(monkeypatch)
    warm = _analyse(tree, cache)
    assert full_runs == []  # answered from the cache: only the edited file was parsed
    cold = _analyse(tree)
    assert _json(warm) == _json(cold)
    record = next(
        item for item in warm.modules if item.name == "src.services.sitemap_import_scheduler"
    )
    assert record.lines == module.read_text().count("\n") + 1
    # and the next unchanged run serves the updated catalog
    assert _json(_analyse(tree, cache)) == _json(cold)


def test_a_code_edit_takes_the_full_path_and_matches_a_cold_run(tmp_path, monkeypatch):
    tree, cache, module = _analysed_mirror(tmp_path)
    text = module.read_text()
    assert "async def " in text
    module.write_text(text.replace("async def ", "async def renamed_", 1))
    full_runs = _count_full_runs(monkeypatch)
    warm = _analyse(tree, cache)
    assert full_runs == [1]
    assert _json(warm) == _json(_analyse(tree))


def test_an_added_file_is_not_answered_from_the_old_catalog(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(MIRROR, tree)
    cache = tmp_path / "cache"
    before = _analyse(tree, cache)
    (tree / "src" / "services" / "brand_new.py").write_text("# only a comment\n")
    after = _analyse(tree, cache)
    assert len(after.modules) == len(before.modules) + 1
    assert _json(after) == _json(_analyse(tree))


@pytest.mark.parametrize("after_a_comment_edit", [False, True], ids=["", "after-overlay"])
def test_a_run_cut_short_after_the_facts_were_saved_does_not_reuse_the_old_catalog(
    tmp_path, monkeypatch, after_a_comment_edit
):
    tree, cache, module = _analysed_mirror(tmp_path)
    if after_a_comment_edit:  # the index has an overlay with a valid key
        module.write_text(module.read_text() + "\n# a comment\n")
        _analyse(tree, cache)
    module.write_text(module.read_text().replace("async def ", "async def renamed_", 1))

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "build_catalog", interrupted)
        with pytest.raises(KeyboardInterrupt):
            _analyse(tree, cache)
    # the edited file's new facts are in the cache now, but the catalog is the old one:
    # the next run must build a new catalog, not reuse the old one for an "unread" edit
    assert _json(_analyse(tree, cache)) == _json(_analyse(tree))


def test_comment_edits_write_an_overlay_not_the_whole_index(tmp_path, monkeypatch):
    tree, cache, module = _analysed_mirror(tmp_path)
    (folder,) = cache.glob("tree-*")
    index = folder / "index.pickle"
    before = index.stat().st_mtime_ns
    other = tree / "src" / "services" / "domain_scheduler.py"
    full_runs = _count_full_runs(monkeypatch)
    for number, path in enumerate((module, other, module)):
        path.write_text(path.read_text() + f"\n# comment {number}\n")
        _analyse(tree, cache)
    assert full_runs == []
    assert index.stat().st_mtime_ns == before  # only the overlay was written
    overlay = folder / "index-overlay.pickle"
    assert overlay.is_file()
    assert _json(_analyse(tree, cache)) == _json(_analyse(tree))  # reads index + overlay
    # a code edit takes the full path: one whole index again, no overlay
    other.write_text(other.read_text().replace("async def ", "async def renamed_", 1))
    runs = len(full_runs)
    incremental = _json(_analyse(tree, cache))
    assert len(full_runs) == runs + 1 and not overlay.exists()
    assert index.stat().st_mtime_ns != before
    assert incremental == _json(_analyse(tree))
