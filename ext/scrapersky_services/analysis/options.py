"""What a run of the analysis is asked for (:class:`AnalysisOptions`) and how it reports
progress: read by :mod:`.pipeline`, which runs it, and by :mod:`.passes`, which builds the
catalog, so neither imports the other for them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``."""


@dataclass(frozen=True)
class AnalysisOptions:
    source_root: str
    package: str = ""
    entry_points: tuple[str, ...] = ()
    api_prefix: str = "/api/v3"
    session_factory_modules: tuple[str, ...] = ("session.async_session",)
    metadata: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Service key (id, job id, ``module.function`` or module) -> outcome/workflow/owner."""
    cache_dir: str | None = None
    jobs: int = 0
    """Processes used to parse (0: one per core when there is much to parse)."""
    rules: tuple[str, ...] | None = None
    """Codes of the rules to run; ``None``: every rule (see :func:`.rules.select_rules`)."""

    def key(self) -> str:
        data = {
            "rules": None if self.rules is None else sorted(self.rules),
            "package": self.package,
            "entries": list(self.entry_points),
            "prefix": self.api_prefix,
            "session": list(self.session_factory_modules),
            "metadata": {key: dict(value) for key, value in sorted(self.metadata.items())},
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
