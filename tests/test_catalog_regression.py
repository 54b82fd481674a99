"""The mirror's catalog against a saved copy: a refactoring of the analysis changes no
record. Records may be added (a new service kind finds more); none may change or go.

After a change that is meant to alter records, write the copy again with
``SCRAPERSKY_REGEN_CATALOG=1 pytest tests/test_catalog_regression.py`` and review its diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import MIRROR, comparable
from scrapersky_services.analysis import AnalysisOptions, analyse

SAVED = Path(__file__).parent / "catalog" / "src_mirror.json"


def _key(record: object) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


def test_the_mirror_catalog_keeps_every_saved_record():
    current = comparable(analyse(AnalysisOptions(str(MIRROR))))
    if os.environ.get("SCRAPERSKY_REGEN_CATALOG"):
        SAVED.write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n", "utf-8")
    saved = json.loads(SAVED.read_text(encoding="utf-8"))
    assert set(saved) <= set(current), "a field of the catalog went away"
    for field, value in saved.items():
        if not isinstance(value, list):
            assert current[field] == value, field
            continue
        have = {_key(record) for record in current[field]}
        missing = [record for record in value if _key(record) not in have]
        assert not missing, f"{field}: {len(missing)} record(s) changed or gone, e.g. {missing[:2]}"
