"""
Old CSV export of place search results.

Superseded by the frontend's client-side export; not wired to any endpoint.
"""

import csv
import io
from typing import Iterable, List

EXPORT_COLUMNS: List[str] = ["place_id", "name", "formatted_address", "rating", "website_url", "status"]


def places_to_csv(places: Iterable) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    for place in places:
        writer.writerow({col: getattr(place, col, "") for col in EXPORT_COLUMNS})
    return buffer.getvalue()


def write_export(path: str, places: Iterable) -> int:
    content = places_to_csv(places)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(content)
    return content.count("\n") - 1
