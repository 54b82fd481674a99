"""src_mirror/ is valid Python: every file compiles (it is never imported or run)."""

from __future__ import annotations

from conftest import MIRROR


def test_every_mirror_file_compiles():
    files = sorted((MIRROR / "src").rglob("*.py"))
    assert len(files) > 40
    for path in files:
        compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
