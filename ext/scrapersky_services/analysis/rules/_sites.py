"""Helpers the rules share: calls by callee, and normalised code for fingerprints."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from ..fork import split_map
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


Judged = TypeVar("Judged")


def judge_calls(
    context: RuleContext, names: Sequence[str], judge: Callable[[Site, Value], Judged | None]
) -> list[Judged]:
    """``judge(site, callee)`` for each call of :func:`calls_named`, in its order, the
    ``None`` answers left out: for a rule that evaluates many calls, whose modules are
    shared between processes (:func:`.fork.split_map`)."""
    names = tuple(dict.fromkeys(names))
    calling = set()
    for name in names:
        calling.update(context.graph.modules_calling(name))
    project = context.project

    def judge_module(module: str) -> list[tuple[int, Judged]]:
        judged = []
        facts = project.modules[module]
        for rank, entries in enumerate(facts.calls_of_each(names)):
            for scope, line, ctx, call, kind in entries:
                if kind == "call":
                    site = Site(module, scope, line, ctx, call, kind)
                    result = judge(site, project.evaluate(call[1], Env(module, scope, line)))
                    if result is not None:
                        judged.append((rank, result))
        return judged

    modules = [module for module in project.modules if module in calling]
    ranked = [
        pair for judged in split_map(judge_module, modules, context.workers) for pair in judged
    ]
    ranked.sort(key=lambda pair: pair[0])  # by name, then module and site, as calls_named
    return [result for _, result in ranked]


def code_of(expr: object) -> str:
    """The flagged expression as text, without line numbers (moves do not change it)."""
    return expr_text(strip_lines(expr), limit=10_000)
