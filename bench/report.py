"""The performance page (docs/performance.md), made from a run's results."""

from __future__ import annotations

import datetime as dt
import math
import os
import platform
import statistics
import subprocess
from importlib import metadata
from pathlib import Path

from .analysis import AUTODOC2_MIN, TOOLS, WARM_MAX, WARM_MIN_MODULES, TreeResult
from .common import REPO
from .docs_build import API_DIR_VALUE, FLAVOURS, BuildResult
from .results import Results

#: Targets of issue 20.
CLEAN_MAX, PARALLEL_MAX, COLD_FLOOR_MAX, SLOPE_MAX = 0.2, 0.75, 2, 1.1
#: The docs tree the ``-j auto`` target is set on, at least this many modules.
PARALLEL_MIN_MODULES = 1000

ANALYSIS_LABELS = {
    "floor": "parse floor, 1 process", "floor2": "parse floor, 2 processes",
    "ours-cold": "ours, cold (empty cache)", "ours-warm": "ours, warm (unchanged tree)",
    "ours-start": "ours, start-up only (imports the analysis, analyses nothing)",
    "grimp-cold": "grimp build_graph, no cache",
    "grimp-cached": "grimp build_graph, cached", "autodoc2": "sphinx-autodoc2 analysis",
}  # fmt: skip


def build_labels(baseline: str) -> dict[str, str]:
    return {
        "baseline": f"baseline `{baseline or '?'}`, clean, -j 1",
        "first": "clean, -j 1, first build for this backend commit",
        "cached": "clean, -j 1, API pages cached",
        "cached-auto": "clean, -j auto, API pages cached",
    }


# -- the run ---------------------------------------------------------------------------------


def _machine() -> str:
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {memory}, {platform.system()} {platform.machine()}"


def _versions() -> str:
    names = (
        "sphinx",
        "myst-parser",
        "sphinx-needs",
        "sphinx-autodoc2",
        "astroid",
        "grimp",
        "graphviz-pure",
    )
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return f"Python {platform.python_version()}; " + ", ".join(found)


def _commit() -> str:
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            check=False,
            cwd=REPO,
            capture_output=True,
            text=True,
        )
    except OSError:
        return "?"
    return found.stdout.strip() or "?"


def run_meta(
    command: str, rounds: int, warmup: int, autodoc2_max: int, baseline: str, api_dir: bool
) -> dict:
    """What a run was: its command, date, machine and versions, its rounds."""
    return {
        "command": command,
        "commit": _commit(),
        "date": dt.date.today().isoformat(),
        "machine": _machine(),
        "versions": _versions(),
        "rounds": rounds,
        "warmup": warmup,
        "autodoc2_max": autodoc2_max,
        "baseline": baseline,
        "api_dir": api_dir,
    }


# -- the page --------------------------------------------------------------------------------


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


def _ratio_cell(rounds: list[float]) -> str:
    """The median of the rounds' ratios; the lowest and highest round's in brackets."""
    spread = f" ({min(rounds):.2f} to {max(rounds):.2f})" if len(rounds) > 1 else ""
    return f"{statistics.median(rounds):.2f}{spread}"


def _run_lines(meta: dict) -> list[str]:
    lines = [
        f"- `{meta['command']}` at commit `{meta.get('commit', '?')}`: measured "
        f"{meta['date']}, on {meta['machine']}",
        f"  - {meta['versions']}",
        f"  - Each figure: median of {meta['rounds']} whole-process runs after "
        f"{meta['warmup']} warm-up round(s) (min–max); sphinx-autodoc2 run on trees of up "
        f"to {meta['autodoc2_max']:,} modules (`--autodoc2-max`).",
    ]
    if "baseline" in meta:
        api = (
            f"given `{API_DIR_VALUE}` (a folder per tree)"
            if meta["api_dir"]
            else f"not given `{API_DIR_VALUE}`: the extension did not have it yet, so both "
            "flavours of the current build make the API pages from scratch"
        )
        baseline = meta["baseline"] or "none"
        lines.append(
            f"  - Docs builds: baseline commit `{baseline}` (`--baseline`); the current builds "
            f"were {api}."
        )
    return lines


NOTES = [
    "- Peak memory is the process with the children it waited for, read by a small",
    "  launcher (`bench/measure.py`) that starts it. Before commit 73329b8 the harness",
    "  started it, and on Linux a process's peak starts from that of the process that",
    "  started it: every figure was at least the harness's own peak (144 MB at 20,000",
    "  modules, a tree the harness had just generated), which hid grimp's real 111 MB.",
    "- Ratios are the median of the ratios within each round, the tools having run",
    "  interleaved (A B C A B C ...); in brackets, the lowest and the highest round's.",
    "- The extension is byte-compiled before the first run, as pip does for the installed",
    "  tools it is compared with (the harness did not before commit c9b9f42, and with",
    "  `PYTHONDONTWRITEBYTECODE` set every measured process compiled it: about 0.1 s each).",
    "- Each measured process imports what its tool needs and nothing else (before commit",
    "  28cafae every one also imported the process pool of the 2-process floor: about 20 ms",
    "  on every figure, grimp's and the floor's included).",
    "- sphinx-autodoc2's analysis grows faster than linearly: one run on the largest tree",
    "  takes longer than the rest of the benchmark, hence the cap.",
    "- Trees: src_mirror/ (the demo backend); `real-shaped N`, a FastAPI / SQLAlchemy /",
    "  APScheduler package of N modules from `../shared/bench/gen_backend.py` (hub modules,",
    "  import cycles, lazy imports); `synthetic N`, the harness's own generator",
    "  (`bench/generate.py`).",
    f"- Retired (issue 20): the runs on an unchanged tree under {WARM_MIN_MODULES:,} modules",
    "  and the one-file-changed runs of the analysis (a few milliseconds each): they",
    "  measured the start-up of a process and its noise. The one-change docs rebuild stays.",
    "- The start-up row is a process that imports the analysis and stops: what every run of",
    "  ours pays before it looks at the tree (the interpreter, the standard library, the",
    "  record classes). Where sphinx-autodoc2 runs, the last row of a tree sets it against",
    "  the longest warm run that the warm/cold and sphinx-autodoc2 targets both allow.",
]


def _analysis_rows(tree: TreeResult) -> list[tuple[str, str, str, bool | None]]:
    """The target rows of one tree: (label, ratio key, target, verdict)."""
    median = {key: statistics.median(values) for key, values in tree.ratios.items()}
    real = tree.name.startswith("real-shaped")
    if real:
        cold_target = f"≤ {COLD_FLOOR_MAX}"
        cold_ok = median["cold/floor"] <= COLD_FLOOR_MAX
    else:
        cold_target = "≤ 1.5 (at 1,000 modules and up)"
        cold_ok = median["cold/floor"] <= 1.5 if tree.modules >= 1000 else None
    rows = [
        ("cold / parse floor (1 process)", "cold/floor", cold_target, cold_ok),
        ("cold / parse floor (2 processes)", "cold/floor2", "(for reference)", None),
    ]
    if "warm/cold" in median:
        rows.append(("warm / cold", "warm/cold", f"≤ {WARM_MAX}", median["warm/cold"] <= WARM_MAX))
    if "start/warm" in median:
        rows.append(("ours' start-up only / warm", "start/warm", "(for reference)", None))
    if "warm/grimp-cached" in median:
        big = tree.modules >= 20000
        ok = median["warm/grimp-cached"] < 1 if big else None
        rows.append(("warm / grimp cached", "warm/grimp-cached", "< 1 at 20,000 modules", ok))
    ok = median["memory/grimp"] <= 3 if tree.modules >= 20000 else None
    rows.append(("peak memory / grimp's", "memory/grimp", "≤ 3 at 20,000 modules", ok))
    if "autodoc2/cold" in median:
        ok = median["autodoc2/cold"] >= AUTODOC2_MIN
        rows.append(("sphinx-autodoc2 / ours cold", "autodoc2/cold", f"≥ {AUTODOC2_MIN}", ok))
    if "start/joint" in median:
        rows.append(
            (
                f"ours' start-up only / (sphinx-autodoc2 × {WARM_MAX} ÷ {AUTODOC2_MIN}), the "
                f"longest warm run that warm / cold ≤ {WARM_MAX} and sphinx-autodoc2 / cold "
                f"≥ {AUTODOC2_MIN} both allow",
                "start/joint",
                "(for reference: above 1, those two targets exclude each other here)",
                None,
            )
        )
    return rows


def _synthetic_slope(trees: list[TreeResult]) -> list[str]:
    """The log-log slope of the cold time over the synthetic trees (1,000 → 20,000 when
    measured, else the smallest → the largest)."""
    synthetic = [tree for tree in trees if tree.name.startswith("synthetic")]
    synthetic = [tree for tree in synthetic if "ours-cold" in tree.series]
    if len(synthetic) < 2:
        return []
    low, high = synthetic[0], synthetic[-1]
    chosen = [tree for tree in synthetic if tree.name.endswith(" 1,000")] + [
        tree for tree in synthetic if tree.name.endswith(" 20,000")
    ]
    if len(chosen) == 2:
        low, high = chosen
    slope = math.log(
        high.series["ours-cold"].median() / low.series["ours-cold"].median()
    ) / math.log(high.modules / low.modules)
    ok = slope <= SLOPE_MAX if (low.modules >= 1000 and high.modules >= 20000) else None
    return [
        f"| {low.name} → {high.name} | log–log slope of cold time | {slope:.2f} | "
        f"≤ {SLOPE_MAX} (1,000 → 20,000) | {_verdict(ok)} |"
    ]


def _analysis_section(results: Results) -> list[str]:
    lines = [
        "## Analysis",
        "",
        "| Tree | Modules | Tool | Median s | Min–max s | Peak MB |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for tree in results.trees:
        # in the harness's order, also for a tree read back from a saved run (JSON keys);
        # tools retired since that run are left out
        for tool in sorted((tool for tool in tree.series if tool in TOOLS), key=TOOLS.index):
            series = tree.series[tool]
            lines.append(
                f"| {tree.name} | {tree.modules} | {ANALYSIS_LABELS[tool]} | "
                f"{series.median():.3f} | {series.low():.3f}–{series.high():.3f} | "
                f"{series.peak():.0f} |"
            )
    lines += [
        "",
        "## Analysis targets",
        "",
        "| Tree | Measure | Ratio (rounds) | Target | Verdict |",
        "|---|---|---:|---|---|",
    ]
    for tree in results.trees:
        for label, key, target, ok in _analysis_rows(tree):
            lines.append(
                f"| {tree.name} | {label} | {_ratio_cell(tree.ratios[key])} | {target} | "
                f"{_verdict(ok)} |"
            )
    for scale in results.scaling:
        ok = statistics.median(scale.ratios) <= SLOPE_MAX
        lines.append(
            f"| {scale.low} → {scale.high} | slope of cold time: (cold at "
            f"{scale.high_modules:,} / cold at {scale.low_modules:,} modules) / "
            f"({scale.high_modules:,} / {scale.low_modules:,}), the two runs side by side | "
            f"{_ratio_cell(scale.ratios)} | ≤ {SLOPE_MAX} | {_verdict(ok)} |"
        )
    lines += _synthetic_slope(results.trees)
    return lines


def _build_rows(build: BuildResult) -> list[str]:
    """The figures of one tree's builds."""
    labels = build_labels(build.baseline)
    lines = []
    order = [flavour for flavour in FLAVOURS if flavour in build.clean]
    order += [label for label in build.clean if label not in FLAVOURS]  # older saved runs
    for flavour in order:
        series = build.clean[flavour]
        pages = build.pages.get(flavour)
        lines.append(
            f"| {build.name} | {labels.get(flavour, f'clean, {flavour}')} | "
            f"{series.median():.1f} | {series.low():.1f}–{series.high():.1f} | "
            f"{series.peak():.0f} | all{f' ({pages} HTML pages)' if pages else ''} |"
        )
    lines.append(
        f"| {build.name} | no change | {build.nochange.median():.2f} | "
        f"{build.nochange.low():.2f}–{build.nochange.high():.2f} | "
        f"{build.nochange.peak():.0f} | {max(build.nochange_read)} |"
    )
    pages = sorted({page for read in build.change_read for page in read})
    lines.append(
        f"| {build.name} | one service module changed | {build.change.median():.2f} | "
        f"{build.change.low():.2f}–{build.change.high():.2f} | {build.change.peak():.0f} | "
        f"{', '.join(f'`{page}`' for page in pages)} |"
    )
    return lines


def _build_targets(build: BuildResult) -> list[str]:
    rows: list[tuple[str, str, str, bool | None]] = []
    if "cached/baseline" in build.ratios:
        cached = build.ratios["cached/baseline"]
        first = build.ratios["first/baseline"]
        if "auto/j1" in build.ratios:
            # the same round's two ratios: (-j auto / -j 1) x (-j 1 / baseline)
            default = [
                auto * ratio for auto, ratio in zip(build.ratios["auto/j1"], cached, strict=True)
            ]
            rows.append(
                (
                    f"clean build as `nox -s docs` makes it (`-j auto`), API pages cached / "
                    f"baseline `{build.baseline}`'s clean build",
                    _ratio_cell(default),
                    f"≤ {CLEAN_MAX}",
                    statistics.median(default) <= CLEAN_MAX,
                )
            )
        rows += [
            (
                f"clean build `-j 1`, API pages cached / baseline `{build.baseline}`'s clean build",
                _ratio_cell(cached),
                f"≤ {CLEAN_MAX}" if "auto/j1" not in build.ratios else "(for reference)",
                statistics.median(cached) <= CLEAN_MAX if "auto/j1" not in build.ratios else None,
            ),
            (
                f"clean build, first for this backend commit / baseline `{build.baseline}`'s",
                _ratio_cell(first),
                "(for reference)",
                None,
            ),
        ]
        if build.pages.get("baseline"):
            current = build.pages.get("cached", 0)
            rows.append(
                (
                    "HTML pages written by the clean build, API pages cached / the baseline's "
                    "(API pages still available)",
                    f"{current} / {build.pages['baseline']}",
                    "(for reference: the API pages are among them)",
                    None,
                )
            )
    if "auto/j1" in build.ratios:
        auto = build.ratios["auto/j1"]
        ok = statistics.median(auto) < PARALLEL_MAX
        rows.append(
            (
                "clean build `-j auto` / `-j 1`, API pages cached",
                _ratio_cell(auto),
                f"< {PARALLEL_MAX} (on 2 cores, at {PARALLEL_MIN_MODULES:,} modules)",
                ok if build.modules >= PARALLEL_MIN_MODULES else None,
            )
        )
    clean = build.clean.get("cached") or build.clean.get("-j 1")
    if build.share:
        share = statistics.median(build.share)
        phases = {
            key: statistics.median(phase[key] for phase in build.phases) for key in build.phases[0]
        }
        detail = ", ".join(f"{key} {value:.1f} s" for key, value in phases.items())
        rows.append(
            (
                f"extension's share of a clean `-j 1` build ({detail})",
                f"{share:.0%}",
                "≤ 25 %",
                share <= 0.25,
            )
        )
    if clean is not None:
        ratio = build.nochange.median() / clean.median()
        rows.append(("no-change rebuild / clean build", f"{ratio:.0%}", "≤ 10 %", ratio <= 0.10))
    read_none = max(build.nochange_read)
    rows.append(("pages read in a no-change rebuild", str(read_none), "0", read_none == 0))
    read = {page for pages in build.change_read for page in pages}
    service_pages = {page for page in read if "/services/" in page and not page.endswith("/index")}
    api_pages = {page for page in read if page.startswith("apidocs/")}
    overview = read - service_pages - api_pages
    rows.append(
        (
            "pages read after one service module changed",
            f"its service page, {len(api_pages)} API page, {len(overview)} overview pages "
            "(lists, diagrams, findings)",
            "that service's pages and the pages that list it",
            len(service_pages) == 1 and len(api_pages) <= 1,
        )
    )
    return [
        f"| {build.name} | {label} | {value} | {target} | {_verdict(ok)} |"
        for label, value, target, ok in rows
    ]


def _docs_section(builds: list[BuildResult]) -> list[str]:
    lines = [
        "## Docs build",
        "",
        "The whole site, API pages included (`sphinx-build -b html`). In each round the",
        "baseline commit's site (its own conf.py and extension, from a worktree of it) and the",
        "current one are built clean one after the other on the same tree. The current site is",
        "built clean in two flavours: the output folder removed but the API pages' own",
        f"persistent build kept (`{API_DIR_VALUE}`, the folder a build for an unchanged backend",
        "finds), and that folder removed too: the first build for this backend commit.",
        "",
        "| Tree | Build | Median s | Min–max s | Peak MB | Pages read |",
        "|---|---|---:|---:|---:|---|",
    ]
    for build in builds:
        lines += _build_rows(build)
    lines += [
        "",
        "| Tree | Measure | Value (rounds) | Target | Verdict |",
        "|---|---|---:|---|---|",
    ]
    for build in builds:
        lines += _build_targets(build)
    return lines


#: The comment line above the figures, where ``conf.py`` cuts the page in a site built for
#: another tree than the demo.
FIGURES = "% The figures: measured on this tool's demo and on synthetic trees."


def report(results: Results, runs: list[dict]) -> str:
    """The page; ``runs`` are the metas of the runs its figures come from (current first)."""
    lines = [
        "# Performance",
        "",
        "How fast the analysis and the docs build are, measured against the physical floor",
        "(reading and parsing every file once), the tools a maintainer would otherwise use",
        "(grimp: import graphs, in Rust; sphinx-autodoc2's static analyser: astroid) and, for",
        "the docs build, the extension as it was at the baseline commit. Written by the",
        "benchmark harness (`nox -s bench`); do not edit by hand.",
        "",
    ]
    # the figures are measured on this tool's demo: a site built for another tree shows the
    # introduction only (conf.py cuts the page at this line)
    lines += [FIGURES, ""]
    for meta in runs:
        lines += _run_lines(meta)
    lines += NOTES
    if results.trees or results.scaling:
        lines += ["", *_analysis_section(results)]
    if results.builds:
        lines += ["", *_docs_section(results.builds)]
    return "\n".join(lines) + "\n"
