"""Files the build writes into the source folder, written only when their content changes:
Sphinx reads a page again when its file's time changes, so an unchanged page must keep it."""

from __future__ import annotations

from pathlib import Path


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Write ``content`` (text as UTF-8) to ``path`` unless the file holds it already;
    True when it was written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True
