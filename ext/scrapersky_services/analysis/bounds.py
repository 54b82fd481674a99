"""Every bound of the analysis, from every stage, for the limits reference page."""

from __future__ import annotations

from . import metadata, pipeline
from .parse import extract
from .parse.limits import Limit, limits
from .resolve import callgraph, expand, project
from .services import apscheduler


def all_limits() -> tuple[Limit, ...]:
    return (
        *limits(),
        Limit(
            f"Memory to parse one file larger than {pipeline.ISOLATE_BYTES // 1_000_000} MB",
            f"{pipeline.PARSE_MEMORY // 2**20:,} MB",
            "the file is parsed in a separate process with that much memory at most; past "
            "it, listed with a warning (too large to parse), not analysed",
        ),
        Limit(
            "Largest integer literal kept",
            f"{extract.MAX_INT_BITS:,} bits",
            "a larger one (past Python's int-to-text limit) counts as unknown",
        ),
        Limit(
            "Hand-kept data file (services, triage, data-folder settings)",
            f"{metadata.MAX_DATA_BYTES:,} bytes, a regular file",
            "reported with its path, not read",
        ),
        Limit(
            "Calls between an entry point and a registration",
            f"{callgraph.MAX_CALL_DEPTH}",
            "an add_job (or another registration) reached only through more nested calls "
            "than that is shown as not registered",
        ),
        Limit(
            "Helpers forwarding their arguments to add_job",
            f"{apscheduler.MAX_WRAPPER_DEPTH} levels",
            "a job passed through more helpers is reported as not resolved statically",
        ),
        Limit(
            "Callers followed for a parameter",
            f"{expand.MAX_CALLER_DEPTH} levels, {expand.MAX_CALLER_ENVS} call sites",
            "an app or router passed down further (init_routers(app)) is reported as not "
            "resolved statically",
        ),
        Limit(
            "Iterations of a literal loop unrolled",
            f"{expand.MAX_EXPANSION}",
            "jobs or routes registered in later iterations are not documented",
        ),
        Limit(
            "Evaluation depth of one value",
            f"{project.MAX_EVAL_DEPTH} steps",
            "a value computed through more steps counts as unknown",
        ),
        Limit(
            "Method resolution orders kept",
            f"{project.MAX_MRO} classes",
            "a longer one (a deeper inheritance chain) is worked out again when asked "
            "(time, not results)",
        ),
    )
