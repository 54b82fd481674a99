"""Job modules: every module of this folder registers its jobs with ``register(scheduler)``."""

import importlib
from pathlib import Path


def load_job_modules(scheduler):
    for path in sorted(Path(__file__).parent.glob("*.py")):
        if path.stem.startswith("_"):
            continue
        module = importlib.import_module(f"app.jobs.{path.stem}")
        module.register(scheduler)
