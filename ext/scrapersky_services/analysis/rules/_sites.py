"""Helpers the rules share: calls by callee, and normalised code for fingerprints."""

from __future__ import annotations

from collections.abc import Iterator

from ..parse.facts import strip_lines
from ..parse.text import expr_text
from ..resolve.callgraph import Site
from ..resolve.project import Env
from ..resolve.values import Value
from .base import RuleContext


def call_sites(context: RuleContext, *names: str) -> Iterator[Site]:
    """Call sites whose callee's last name is one of ``names`` (for a rule that needs the
    call only: the callee is not evaluated).

    A call is indexed under its callee's last name only, so no call comes up twice.
    """
    for name in dict.fromkeys(names):
        for site in context.graph.iter_sites(name):
            if site.kind == "call":
                yield site


def calls_named(context: RuleContext, *names: str) -> Iterator[tuple[Site, Value]]:
    """The same call sites, each with its callee's value."""
    for site in call_sites(context, *names):
        yield (
            site,
            context.project.evaluate(site.call[1], Env(site.module, site.scope, site.line)),
        )


def code_of(expr: object) -> str:
    """The flagged expression as text, without line numbers (moves do not change it)."""
    return expr_text(strip_lines(expr), limit=10_000)
