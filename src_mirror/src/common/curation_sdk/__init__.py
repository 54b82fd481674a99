"""Reusable building blocks for curation workflows."""

from .scheduler_loop import run_job_loop

__all__ = ["run_job_loop"]
