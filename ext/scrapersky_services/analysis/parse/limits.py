"""The limits of the analysis, in one place, for the reference page.

Each is a bound on what one input can cost: past it, the analysis reports the file (or
keeps a shortened summary) instead of using more time or memory. The Python parser's own
limits are listed too, since a file past them cannot be analysed by anyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import extract, facts


@dataclass(frozen=True)
class Limit:
    name: str
    value: str
    past_it: str
    """What happens to an input beyond the limit."""


def limits() -> tuple[Limit, ...]:
    return (
        Limit(
            "Largest file",
            f"{extract.MAX_FILE_BYTES:,} bytes",
            "listed with a warning (file too large), not parsed; the rest of the tree is analysed",
        ),
        Limit(
            "Nested brackets (Python's parser)",
            "200 levels",
            "the parser rejects the file: listed with a warning at its line",
        ),
        Limit(
            "Indentation (Python's parser)",
            "100 levels",
            "the parser rejects the file: listed with a warning at its line",
        ),
        Limit(
            "Depth of an expression summary",
            f"{extract.MAX_EXPR_DEPTH} levels",
            "deeper parts of an expression count as unknown (a trigger built that deep "
            "shows as not resolved statically)",
        ),
        Limit(
            "Nested blocks followed",
            f"{extract.MAX_BLOCK_DEPTH} levels",
            "statements deeper than that are not followed",
        ),
        Limit(
            "String literal kept",
            f"{extract.MAX_STRING:,} characters",
            "longer strings (SQL text) are cut; docstrings are kept whole",
        ),
        Limit(
            "Items kept from one list, tuple, set or dict",
            f"{extract.MAX_ITEMS}",
            "the rest are left out of the summary",
        ),
        Limit(
            "Module bodies decoded at once",
            f"{facts.MAX_DECODED}",
            "the least recently used body is dropped and decoded again when needed "
            "(memory, not results)",
        ),
    )
