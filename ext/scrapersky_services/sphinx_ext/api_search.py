"""The API pages in the site's search: the API build's search index merged into the site's.

The API pages are built by a Sphinx process of their own (:mod:`.api_site`), so the site's
``searchindex.js`` knows only the site's pages. Once the site's index is written, the API
build's is added to it: its documents, words, titles, index entries and objects (classes,
functions, ... that the search lists first), all documents numbered by name as Sphinx numbers
them. Both files are read and written with Sphinx's own reader and writer of the format.

The site's own documents are those of its environment: entries from an earlier merge are
dropped first, so an index the site's build did not write again is merged anew, not twice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.search import js_index

if TYPE_CHECKING:
    from sphinx.application import Sphinx

Frozen = dict[str, Any]


def merge_search_index(app: Sphinx, api_html: Path, prefix: str) -> bool:
    """Add the documents under ``prefix/`` of the API build's index (in ``api_html``) to
    the site's; False when either index is missing or unreadable (nothing is changed)."""
    site_path = Path(app.outdir) / getattr(app.builder, "searchindex_filename", "")
    if site_path.suffix != ".js" or not site_path.is_file():
        return False
    try:
        with site_path.open(encoding="utf-8") as stream:
            site = js_index.load(stream)
        with (api_html / site_path.name).open(encoding="utf-8") as stream:
            api = js_index.load(stream)
    except (OSError, ValueError):
        return False
    if site.get("envversion") != api.get("envversion"):
        return False
    own = set(app.env.all_docs)
    merged = merge(site, api, lambda docname: docname in own, _under(prefix))
    written = site_path.with_name(site_path.name + ".tmp")
    with written.open("w", encoding="utf-8") as stream:
        js_index.dump(merged, stream)
    written.replace(site_path)
    return True


def _under(prefix: str) -> Callable[[str], bool]:
    return lambda docname: docname.startswith(prefix + "/")


def merge(
    site: Frozen, api: Frozen, site_keeps: Callable[[str], bool], api_keeps: Callable[[str], bool]
) -> Frozen:
    """One index of the documents of ``site`` and ``api`` that each keeps (``site``'s when
    both have one), numbered in the order of their names as Sphinx numbers them."""
    from_site = {name for name in site["docnames"] if site_keeps(name)}
    from_api = {name for name in api["docnames"] if api_keeps(name)} - from_site
    docnames = sorted(from_site | from_api)
    number = {name: index for index, name in enumerate(docnames)}

    types = {name: int(key) for key, name in site["objtypes"].items()}
    objnames = {int(key): name for key, name in site["objnames"].items()}
    api_types = {}
    for key, name in sorted(api["objtypes"].items(), key=lambda item: int(item[0])):
        api_types[int(key)] = types.setdefault(name, len(types))
        objnames.setdefault(api_types[int(key)], api["objnames"][key])

    parts = [
        _renumbered(site, number, from_site, {number: number for number in types.values()}),
        _renumbered(api, number, from_api, api_types),
    ]
    merged: Frozen = {"envversion": site["envversion"]}
    for key in ("filenames", "titles"):
        by_name = {name: value for part in parts for name, value in part[key].items()}
        merged[key] = [by_name[name] for name in docnames]
    merged["docnames"] = docnames
    for key in ("terms", "titleterms"):
        merged[key] = {}
        for word in sorted(parts[0][key].keys() | parts[1][key].keys()):
            found = sorted({*parts[0][key].get(word, ()), *parts[1][key].get(word, ())})
            merged[key][word] = found[0] if len(found) == 1 else found
    for key in ("alltitles", "indexentries", "objects"):
        merged[key] = {
            name: [*parts[0][key].get(name, ()), *parts[1][key].get(name, ())]
            for name in sorted(parts[0][key].keys() | parts[1][key].keys())
        }
        if key != "objects":  # Sphinx lists these by document
            for entries in merged[key].values():
                entries.sort(key=lambda entry: entry[0])
    merged["objtypes"] = {str(value): name for name, value in types.items()}
    merged["objnames"] = {str(key): objnames[key] for key in sorted(objnames)}
    return merged


def _renumbered(
    frozen: Frozen, number: dict[str, int], kept: set[str], types: dict[int, int]
) -> Frozen:
    """The parts of ``frozen`` about the ``kept`` documents, by document name (titles,
    file names) or with the documents and object types numbered anew."""
    names = frozen["docnames"]
    docs = {index: number[name] for index, name in enumerate(names) if name in kept}
    result: Frozen = {
        key: {names[index]: frozen[key][index] for index in docs} for key in ("filenames", "titles")
    }
    for key in ("terms", "titleterms"):
        result[key] = {}
        for word, found in frozen[key].items():
            moved = [
                docs[index]
                for index in ([found] if isinstance(found, int) else found)
                if index in docs
            ]
            if moved:
                result[key][word] = moved
    for key in ("alltitles", "indexentries", "objects"):
        result[key] = {}
        for name, entries in frozen[key].items():
            moved = [[docs[entry[0]], *entry[1:]] for entry in entries if entry[0] in docs]
            if key == "objects":
                for entry in moved:
                    entry[1] = types[entry[1]]
            if moved:
                result[key][name] = moved
    return result
