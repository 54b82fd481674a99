"""The benchmark harness: ``nox -s bench`` (quick) or ``nox -s bench -- --full``.

Every figure is the median of ``--rounds`` whole-process runs after a warm-up round, with
its minimum, maximum and peak memory; the extension is byte-compiled first, as pip does for
the installed tools. The tools compared on one tree run interleaved (A B C A B C ...), and
each ratio is the median of the ratios within a round, because absolute times drift on a
shared machine. The cost of one changed file is measured closer still: ``--edit-pairs``
warm and edited runs back to back within each round, each timed inside its process (the
analysis alone). The results are written to docs/performance.md.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from .generate import generate

REPO = Path(__file__).parents[1]
MEASURE = Path(__file__).with_name("measure.py")
QUICK_SIZES = (100, 1000)
FULL_SIZES = (100, 1000, 5000, 20000)
#: The analysis tools, in the order each round runs them.
TOOLS = (
    "floor",
    "floor2",
    "ours-cold",
    "ours-warm",
    "ours-start",
    "ours-changed",
    "ours-edited",
    "ours-service",
    "grimp-cold",
    "grimp-cached",
    "autodoc2",
)
#: The runs of ours on the warm cache after one edit: which file (the helper module or the
#: service module), what is appended to it, and the ratio their cost over warm goes to.
EDITS = {
    "ours-changed": ("helper", "\n# benchmark change {number}\n", "changed-warm/file"),
    "ours-edited": ("helper", "\n\ndef benchmark_edit_{number}():\n    return {number}\n", "edited-warm/file"),
    "ours-service": ("service", "\n\ndef benchmark_edit_{number}():\n    return {number}\n", "service-warm/file"),
}  # fmt: skip
#: What no implementation can skip, measured beside those edits: reading and parsing the
#: edited file in a fresh process.
BOUNDS = {"helper": "parse-helper/file", "service": "parse-service/file"}
#: The ratio of warm to cold at most, and of sphinx-autodoc2 to cold at least: together they
#: allow a warm run of at most sphinx-autodoc2's time times this.
WARM_MAX, AUTODOC2_MIN = 0.15, 8


@dataclass
class Run:
    seconds: float
    peak_mb: float
    work: float | None = None
    """The seconds the tool timed itself, without the process's start-up and exit (see
    :mod:`bench.tools`); ``None`` for the tools that do not."""


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)

    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    def low(self) -> float:
        return min(run.seconds for run in self.runs)

    def high(self) -> float:
        return max(run.seconds for run in self.runs)

    def peak(self) -> float:
        return statistics.median(run.peak_mb for run in self.runs)


def measure(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Wall time and peak memory (the process and the children it waited for), taken by
    :mod:`bench.measure` so that the harness's own memory is not counted in, and the time
    the tool took for its work alone, when it says."""
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryDirectory() as folder:
        timings = Path(folder) / "timings"
        process = subprocess.run(
            [sys.executable, str(MEASURE), *command],
            stdout=subprocess.PIPE,
            stderr=errors,
            env={**os.environ, **(env or {}), "BENCH_TIMINGS": str(timings)},
            cwd=cwd,
            check=False,
        )
        if process.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode(errors="replace")[-4000:]
            raise RuntimeError(
                f"{' '.join(command)} failed with exit code {process.returncode}:\n{tail}"
            )
        work = float(timings.read_text()) if timings.exists() else None
    seconds, peak_kib = process.stdout.split()
    return Run(float(seconds), int(peak_kib) / 1024, work)


def say(message: str) -> None:
    """Progress, on standard error (a full run takes hours)."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


def tool_command(tool: str, tree: Path, package: str, cache: str) -> list[str]:
    # ours-cold -> ours, grimp-cached -> grimp; ours-start -> start
    name = "start" if tool == "ours-start" else tool.partition("-")[0]
    return [sys.executable, "-m", "bench.tools", name, str(tree), package, cache]


@dataclass
class TreeResult:
    name: str
    modules: int
    series: dict[str, Series]
    ratios: dict[str, list[float]]


def python_files(tree: Path) -> list[Path]:
    return sorted(path for path in tree.rglob("*.py") if "__pycache__" not in path.parts)


def bench_tree(
    name: str,
    tree: Path,
    package: str,
    rounds: int,
    work: Path,
    with_autodoc2: bool,
    warmup: int = 1,
    edit_pairs: int = 5,
) -> TreeResult:
    files = python_files(tree)
    edited_files = {
        "helper": next(
            path for path in files if path.name.startswith("util_") or "services" in path.parts
        ),
        # a module the catalog is made from (its services): an edit there builds a new catalog
        "service": next(path for path in files if "job" in path.stem or "scheduler" in path.stem),
    }
    originals = {path: path.read_text() for path in edited_files.values()}
    caches = work / f"cache-{name}"
    shutil.rmtree(caches, ignore_errors=True)
    warm_cache, grimp_cache = caches / "ours", caches / "grimp"
    tools = [tool for tool in TOOLS if with_autodoc2 or tool != "autodoc2"]
    series = {tool: Series() for tool in tools}
    ratios: dict[str, list[float]] = {}

    def run(tool: str, number: int) -> Run:
        """One measured run; ``number`` tells an edit run's addition from the others'
        (-1 in the warm-up round)."""
        cache = "-"
        if tool == "ours-cold":
            cache = tempfile.mkdtemp(dir=work)
        elif tool == "ours-warm" or tool in EDITS:
            cache = str(warm_cache)
        elif tool == "grimp-cached":
            cache = str(grimp_cache)
        if tool in EDITS:
            which, addition, _ = EDITS[tool]
            edited = edited_files[which]
            # a valid function name in the warm-up round (-1) too
            edited.write_text(originals[edited] + addition.format(number=number + 2))
        try:
            return measure(tool_command(tool, tree, package, cache), cwd=REPO)
        finally:
            if tool == "ours-cold":
                shutil.rmtree(cache, ignore_errors=True)
            if tool in EDITS:
                edited.write_text(originals[edited])  # the other tools read the original tree
                # and the warm cache holds it again, unmeasured: else the next edit's run
                # would find two files changed, this one and its own
                measure(tool_command("ours-warm", tree, package, cache), cwd=REPO)

    try:
        for _ in range(warmup):  # warm-up round
            for tool in tools:
                run(tool, -1)
        run("ours-warm", -1)  # fills the warm caches
        run("grimp-cached", -1)
        for round_number in range(rounds):
            for path, text in originals.items():
                path.write_text(text)
            run("ours-warm", -1)  # the cache holds the original tree again
            results: dict[str, Run] = {}
            differences: dict[str, list[float]] = {}
            for tool in tools:
                if tool not in EDITS:
                    results[tool] = run(tool, round_number)
                    continue
                # a few warm runs and edit runs back to back (A B A B): one file's parse is
                # about 1 ms, well inside the drift of whole processes between rounds, and
                # inside the noise of their start-up and exit too
                for pair in range(edit_pairs):
                    warm = run("ours-warm", -1)
                    edited = run(tool, round_number * edit_pairs + pair)
                    series[tool].runs.append(edited)
                    # timed inside the processes: both start and exit the same way
                    differences.setdefault(tool, []).append(edited.work - warm.work)
            for which, key in BOUNDS.items():
                command = tool_command("one", tree, package, str(edited_files[which]))
                for _ in range(edit_pairs):
                    differences.setdefault(key, []).append(measure(command, cwd=REPO).work)
            for tool, result in results.items():
                series[tool].runs.append(result)
            say(
                f"  {name}: round {round_number + 1}/{rounds}, "
                f"ours cold {results['ours-cold'].seconds:.2f} s, "
                f"warm {results['ours-warm'].seconds:.2f} s"
            )
            per_file = results["floor"].seconds / max(1, len(files))

            def ratio(key: str, value: float) -> None:
                ratios.setdefault(key, []).append(value)

            ratio("cold/floor", results["ours-cold"].seconds / results["floor"].seconds)
            ratio("cold/floor2", results["ours-cold"].seconds / results["floor2"].seconds)
            ratio("warm/cold", results["ours-warm"].seconds / results["ours-cold"].seconds)
            ratio(
                "warm/grimp-cached", results["ours-warm"].seconds / results["grimp-cached"].seconds
            )
            for tool, (_, _, key) in EDITS.items():
                ratio(key, statistics.median(differences[tool]) / per_file)
            for key in BOUNDS.values():
                ratio(key, statistics.median(differences[key]) / per_file)
            ratio("start/warm", results["ours-start"].seconds / results["ours-warm"].seconds)
            ratio("memory/grimp", results["ours-cold"].peak_mb / results["grimp-cold"].peak_mb)
            if "autodoc2" in results:
                ratio("autodoc2/cold", results["autodoc2"].seconds / results["ours-cold"].seconds)
                joint = results["autodoc2"].seconds * WARM_MAX / AUTODOC2_MIN
                ratio("start/joint", results["ours-start"].seconds / joint)
    finally:
        for path, text in originals.items():
            path.write_text(text)
    return TreeResult(name, len(files), series, ratios)


# -- docs builds -----------------------------------------------------------------------------


@dataclass
class BuildResult:
    name: str
    clean: dict[str, Series]
    share: list[float]
    phases: list[dict[str, float]]
    nochange: Series
    nochange_read: list[int]
    change: Series
    change_read: list[list[str]]


def site_copy(target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy(REPO / "conf.py", target / "conf.py")
    shutil.copytree(
        REPO / "docs", target / "docs", ignore=shutil.ignore_patterns("generated", "apidocs")
    )
    (target / "ext").symlink_to(REPO / "ext")
    return target


def bench_docs(
    name: str,
    tree: Path,
    service_module: Path,
    rounds: int,
    work: Path,
    mirror: bool,
    warmup: int = 1,
) -> BuildResult:
    project = work / f"site-{name}"
    env = {"SCRAPERSKY_SRC": str(tree)}
    if mirror:
        env["SCRAPERSKY_DATA"] = str(REPO / "mirror-data")

    def command(jobs: str, outdir: Path) -> list[str]:
        return [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "html",
            "-j",
            jobs,
            "-D",
            "scrapersky_fail_on=none",
            "-D",
            "scrapersky_profile=scrapersky-profile.json",
            "-c",
            str(project),
            str(project / "docs"),
            str(outdir),
        ]

    def clean(jobs: str) -> tuple[Run, dict]:
        outdir = project / "_build" / f"html-j{jobs}"
        shutil.rmtree(outdir, ignore_errors=True)
        for generated in ("generated", "apidocs"):
            shutil.rmtree(project / "docs" / generated, ignore_errors=True)
        result = measure(command(jobs, outdir), env=env)
        return result, json.loads((outdir / "scrapersky-profile.json").read_text())

    site_copy(project)
    original = service_module.read_text()
    clean_series = {"-j 1": Series(), "-j 2": Series()}
    shares: list[float] = []
    phases: list[dict[str, float]] = []
    nochange, change = Series(), Series()
    nochange_read: list[int] = []
    change_read: list[list[str]] = []
    try:
        for number in range(warmup):
            for jobs in ("1", "2"):
                result, _ = clean(jobs)
                say(
                    f"  {name}: warm-up {number + 1}/{warmup}, clean -j {jobs} {result.seconds:.1f} s"
                )
        for number in range(rounds):
            for jobs in ("1", "2"):
                result, profile = clean(jobs)
                say(
                    f"  {name}: round {number + 1}/{rounds}, clean -j {jobs} {result.seconds:.1f} s"
                )
                clean_series[f"-j {jobs}"].runs.append(result)
                if jobs == "1":
                    own = sum(profile["timings"].values())
                    shares.append(own / result.seconds)
                    phases.append(profile["timings"])
        outdir = project / "_build" / "html-j1"
        clean("1")
        for round_number in range(rounds):
            result = measure(command("1", outdir), env=env)
            nochange.runs.append(result)
            nochange_read.append(
                len(json.loads((outdir / "scrapersky-profile.json").read_text())["read"])
            )
            text = original.replace('"""', f'"""Benchmark edit {round_number}. ', 1)
            service_module.write_text(text)
            result = measure(command("1", outdir), env=env)
            change.runs.append(result)
            change_read.append(json.loads((outdir / "scrapersky-profile.json").read_text())["read"])
            service_module.write_text(original)
            measure(command("1", outdir), env=env)  # back to the unchanged tree
            say(
                f"  {name}: round {round_number + 1}/{rounds}, no change "
                f"{nochange.runs[-1].seconds:.1f} s, one service changed {result.seconds:.1f} s"
            )
    finally:
        service_module.write_text(original)
    return BuildResult(
        name, clean_series, shares, phases, nochange, nochange_read, change, change_read
    )


# -- saved results ---------------------------------------------------------------------------


def _series(data: dict) -> Series:
    return Series([Run(**run) for run in data["runs"]])


def save_results(path: Path, trees, builds, meta: dict) -> None:
    """Everything a report is made from, so runs made separately can be reported together."""
    data = {
        "meta": meta,
        "trees": [asdict(tree) for tree in trees],
        "builds": [asdict(build) for build in builds],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


def load_results(path: Path) -> tuple[list[TreeResult], list[BuildResult], dict]:
    data = json.loads(path.read_text())
    trees = [
        TreeResult(
            tree["name"],
            tree["modules"],
            {tool: _series(series) for tool, series in tree["series"].items()},
            tree["ratios"],
        )
        for tree in data["trees"]
    ]
    builds = [
        BuildResult(
            build["name"],
            {label: _series(series) for label, series in build["clean"].items()},
            build["share"],
            build["phases"],
            _series(build["nochange"]),
            build["nochange_read"],
            _series(build["change"]),
            build["change_read"],
        )
        for build in data["builds"]
    ]
    return trees, builds, data["meta"]


def merge(current: list, earlier: list) -> list:
    """The current run's results and an earlier run's for trees this run did not measure,
    src_mirror/ first, then by size."""
    names = {result.name for result in current}
    merged = [*current, *(result for result in earlier if result.name not in names)]
    return sorted(merged, key=_tree_order)


def _tree_order(result) -> tuple[bool, int]:
    digits = "".join(char for char in result.name if char.isdigit())
    return (result.name != "src_mirror", int(digits or 0))


# -- report ------------------------------------------------------------------------------------


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


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


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


def run_meta(command: str, rounds: int, warmup: int, autodoc2_max: int, edit_pairs: int) -> dict:
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
        "edit_pairs": edit_pairs,
        "edit_timing": "work",
    }


def _edit_row(label: str, key: str) -> tuple:
    """A row of the cost of one changed file. Every change in content builds the catalog
    again (on the cached facts of the other files), so it is no longer judged against the
    single-file parse it once cost."""
    return label, key, "(for reference: a change in content builds the catalog again)", None


def _bound_row(which: str) -> tuple:
    """The row of what no edit run can skip, beside the edits of the ``which`` module."""
    label = (
        f"that {which} module alone, read and parsed by a fresh process (timed inside it), "
        "in single-file parses"
    )
    target = "(for reference: what no run that re-reads the file goes under)"
    return label, f"parse-{which}/file", target, None


def report(trees: list[TreeResult], builds: list[BuildResult], runs: list[dict]) -> str:
    """The page; ``runs`` are the metas of the runs its figures come from (current first)."""
    lines = [
        "# Performance",
        "",
        "How fast the analysis and the docs build are, measured against the physical floor",
        "(reading and parsing every file once) and the tools a maintainer would otherwise use:",
        "grimp (import graphs, Rust) and sphinx-autodoc2's static analyser (astroid). Written by",
        "the benchmark harness (`nox -s bench`); do not edit by hand.",
        "",
    ]
    for meta in runs:
        lines += [
            f"- `{meta['command']}` at commit `{meta.get('commit', '?')}`: measured "
            f"{meta['date']}, on {meta['machine']}",
            f"  - {meta['versions']}",
            f"  - Each figure: median of {meta['rounds']} whole-process runs after "
            f"{meta['warmup']} warm-up round(s) (min–max); sphinx-autodoc2 run on trees of up "
            f"to {meta['autodoc2_max']:,} modules (`--autodoc2-max`).",
        ]
        if meta.get("edit_pairs", 1) > 1:
            timed = (
                " of the analysis as each process timed it (without its start-up and exit)"
                if meta.get("edit_timing") == "work"
                else " of the whole processes"
            )
            lines.append(
                f"  - The one-file-changed runs: {meta['edit_pairs']} per round, each right "
                f"after a warm run; a round's cost of the edit is the median of those "
                f"differences{timed} (`--edit-pairs`)."
            )
    lines += [
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
        "- A single-file parse, the unit of the one-file-changed rows, is the 1-process parse",
        "  floor divided by the number of files: a parse in a process that has parsed many",
        "  already. The cost of an edit is timed inside the processes since commit 292ae39;",
        "  measured from outside before, it drowned in the start-up and exit of processes of",
        "  0.1 to 0.7 s (similar edits measured −7.40 and 13.12 parses at 20,000 modules).",
        "  Beside each edited file, the harness times what an edit run cannot skip:",
        "  reading and parsing that file in a fresh process. That first parse costs more than",
        "  one in the floor's loop (memory the process has not touched yet, cold caches), and",
        "  the file may be larger than the average.",
        "- The start-up row is a process that imports the analysis and stops: what every run of",
        "  ours pays before it looks at the tree (the interpreter, the standard library, the",
        "  record classes). Where sphinx-autodoc2 runs, the last row of a tree sets it against",
        "  the longest warm run that the warm/cold and sphinx-autodoc2 targets both allow.",
        "",
        "## Analysis",
        "",
        "| Tree | Modules | Tool | Median s | Min–max s | Peak MB |",
        "|---|---:|---|---:|---:|---:|",
    ]
    labels = {
        "floor": "parse floor, 1 process", "floor2": "parse floor, 2 processes",
        "ours-cold": "ours, cold (empty cache)", "ours-warm": "ours, warm (unchanged tree)",
        "ours-start": "ours, start-up only (imports the analysis, analyses nothing)",
        "ours-changed": "ours, one file changed (a comment)",
        "ours-edited": "ours, one file changed (a new function in a helper module)",
        "ours-service": "ours, one file changed (a new function in a service module)",
        "grimp-cold": "grimp build_graph, no cache",
        "grimp-cached": "grimp build_graph, cached", "autodoc2": "sphinx-autodoc2 analysis",
    }  # fmt: skip
    for tree in trees:
        # in the harness's order, also for a tree read back from a saved run (JSON keys)
        for tool in sorted(tree.series, key=TOOLS.index):
            series = tree.series[tool]
            lines.append(
                f"| {tree.name} | {tree.modules} | {labels[tool]} | {series.median():.3f} | "
                f"{series.low():.3f}–{series.high():.3f} | {series.peak():.0f} |"
            )
    lines += [
        "",
        "## Targets",
        "",
        "| Tree | Measure | Ratio (rounds) | Target | Verdict |",
        "|---|---|---:|---|---|",
    ]
    for tree in trees:
        big = tree.modules >= 1000
        median = {key: statistics.median(values) for key, values in tree.ratios.items()}

        rows = [
            (
                "cold / parse floor (1 process)",
                "cold/floor",
                "≤ 1.5 (at 1,000 modules and up)",
                median["cold/floor"] <= 1.5 if big else None,
            ),
            ("cold / parse floor (2 processes)", "cold/floor2", "(for reference)", None),
            ("warm / cold", "warm/cold", "≤ 0.15", median["warm/cold"] <= 0.15),
        ]
        if "start/warm" in median:  # not in results saved before it was measured
            rows.append(("ours' start-up only / warm", "start/warm", "(for reference)", None))
        rows += [
            (
                "warm / grimp cached",
                "warm/grimp-cached",
                "< 1 at 20,000 modules",
                median["warm/grimp-cached"] < 1 if tree.modules >= 20000 else None,
            ),
            _edit_row(
                "one file changed (a comment) − warm, in single-file parses",
                "changed-warm/file",
            ),
            _edit_row(
                "one file changed (a new function in a helper module) − warm, in single-file parses",
                "edited-warm/file",
            ),
        ]
        if "parse-helper/file" in median:
            rows.append(_bound_row("helper"))
        if "service-warm/file" in median:  # not in results saved before it was measured
            rows.append(
                _edit_row(
                    "one file changed (a new function in a service module) − warm, "
                    "in single-file parses",
                    "service-warm/file",
                )
            )
        if "parse-service/file" in median:
            rows.append(_bound_row("service"))
        rows.append(
            (
                "peak memory / grimp's",
                "memory/grimp",
                "≤ 3 at 20,000 modules",
                median["memory/grimp"] <= 3 if tree.modules >= 20000 else None,
            )
        )
        if "autodoc2/cold" in median:
            rows.append(
                (
                    "sphinx-autodoc2 / ours cold",
                    "autodoc2/cold",
                    f"≥ {AUTODOC2_MIN}",
                    median["autodoc2/cold"] >= AUTODOC2_MIN,
                )
            )
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
        for label, key, target, ok in rows:
            rounds = tree.ratios[key]
            spread = f" ({min(rounds):.2f} to {max(rounds):.2f})" if len(rounds) > 1 else ""
            lines.append(
                f"| {tree.name} | {label} | {median[key]:.2f}{spread} | {target} | {_verdict(ok)} |"
            )
    synthetic = [tree for tree in trees if tree.name.startswith("synthetic")]
    if len(synthetic) >= 2:
        low, high = synthetic[0], synthetic[-1]
        for pair in ((1000, 20000),):
            chosen = [tree for tree in synthetic if tree.name.endswith(f" {pair[0]:,}")] + [
                tree for tree in synthetic if tree.name.endswith(f" {pair[1]:,}")
            ]
            if len(chosen) == 2:
                low, high = chosen
        slope = math.log(
            high.series["ours-cold"].median() / low.series["ours-cold"].median()
        ) / math.log(high.modules / low.modules)
        ok = slope <= 1.1 if (low.modules >= 1000 and high.modules >= 20000) else None
        lines.append(
            f"| {low.name} → {high.name} | log–log slope of cold time | {slope:.2f} | ≤ 1.1 (1,000 → 20,000) | {_verdict(ok)} |"
        )
    if builds:
        lines += [
            "",
            "## Docs build",
            "",
            "The whole site, API pages included (`sphinx-build -b html`).",
            "",
            "| Tree | Build | Median s | Min–max s | Peak MB | Pages read |",
            "|---|---|---:|---:|---:|---|",
        ]
        for build in builds:
            for label, series in build.clean.items():
                lines.append(
                    f"| {build.name} | clean, {label} | {series.median():.1f} | {series.low():.1f}–{series.high():.1f} | {series.peak():.0f} | all |"
                )
            lines.append(
                f"| {build.name} | no change | {build.nochange.median():.2f} | {build.nochange.low():.2f}–{build.nochange.high():.2f} | "
                f"{build.nochange.peak():.0f} | {max(build.nochange_read)} |"
            )
            pages = sorted({page for read in build.change_read for page in read})
            lines.append(
                f"| {build.name} | one service module changed | {build.change.median():.2f} | {build.change.low():.2f}–{build.change.high():.2f} | "
                f"{build.change.peak():.0f} | {', '.join(f'`{page}`' for page in pages)} |"
            )
        lines += ["", "| Tree | Measure | Value | Target | Verdict |", "|---|---|---:|---|---|"]
        for build in builds:
            share = statistics.median(build.share)
            phases = {
                key: statistics.median(phase[key] for phase in build.phases)
                for key in build.phases[0]
            }
            detail = ", ".join(f"{key} {value:.1f} s" for key, value in phases.items())
            lines.append(
                f"| {build.name} | extension's share of a clean `-j 1` build ({detail}) | {share:.0%} | ≤ 25 % | {_verdict(share <= 0.25)} |"
            )
            ratio = build.nochange.median() / build.clean["-j 1"].median()
            lines.append(
                f"| {build.name} | no-change rebuild / clean build | {ratio:.0%} | ≤ 10 % | {_verdict(ratio <= 0.10)} |"
            )
            lines.append(
                f"| {build.name} | pages read in a no-change rebuild | {max(build.nochange_read)} | 0 | {_verdict(max(build.nochange_read) == 0)} |"
            )
            read = {page for pages in build.change_read for page in pages}
            service_pages = {
                page for page in read if "/services/" in page and not page.endswith("/index")
            }
            api_pages = {page for page in read if page.startswith("apidocs/")}
            overview = read - service_pages - api_pages
            ok = len(service_pages) == 1 and len(api_pages) <= 1
            lines.append(
                f"| {build.name} | pages read after one service module changed | its service page, "
                f"{len(api_pages)} API page, {len(overview)} overview pages (lists, diagrams, findings) | "
                f"that service's pages and the pages that list it | {_verdict(ok)} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="every size (up to 20,000 modules), the 1,000-module docs build",
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        help="synthetic sizes (default: 100 1000; --full: up to 20000)",
    )
    parser.add_argument("--rounds", type=int, default=5, help="measured runs per figure")
    parser.add_argument("--warmup", type=int, default=1, help="warm-up rounds before measuring")
    parser.add_argument(
        "--edit-pairs",
        type=int,
        default=5,
        help="warm and one-file-changed runs back to back, per edit and round",
    )
    parser.add_argument("--no-mirror", action="store_true", help="skip src_mirror/")
    parser.add_argument(
        "--autodoc2-max",
        type=int,
        default=5000,
        help="largest tree sphinx-autodoc2 is run on (its analysis grows faster than linearly)",
    )
    parser.add_argument(
        "--docs",
        choices=("mirror", "all", "smallest", "none"),
        default=None,
        help="docs builds to measure (default: mirror; --full: all; smallest: the smallest tree only)",
    )
    parser.add_argument("--workdir", default=str(REPO / ".bench"), help="where trees and builds go")
    parser.add_argument("--output", default=str(REPO / "docs" / "performance.md"))
    parser.add_argument(
        "--no-analysis",
        action="store_true",
        help="skip the analysis measurements (only the docs builds)",
    )
    parser.add_argument(
        "--save",
        default=str(REPO / "bench" / "results" / "latest.json"),
        help="where this run's raw results are written (JSON)",
    )
    parser.add_argument(
        "--merge",
        nargs="*",
        default=[],
        help="saved results of earlier runs to report too (for trees this run did not measure)",
    )
    argv_used = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv_used)
    sizes = args.sizes if args.sizes is not None else (FULL_SIZES if args.full else QUICK_SIZES)
    docs = args.docs or ("all" if args.full else "mirror")
    work = Path(args.workdir).resolve()
    work.mkdir(parents=True, exist_ok=True)
    trees: list[TreeResult] = []
    builds: list[BuildResult] = []
    # pip byte-compiles the installed tools compared here (grimp, sphinx-autodoc2); the
    # extension runs from the checkout, where PYTHONDONTWRITEBYTECODE would otherwise make
    # every measured process compile it again
    compileall.compile_dir(REPO / "ext", quiet=1)
    compileall.compile_dir(REPO / "bench", quiet=1)

    mirror = work / "src_mirror"
    shutil.rmtree(mirror, ignore_errors=True)
    shutil.copytree(REPO / "src_mirror", mirror)
    if not args.no_mirror and not args.no_analysis:
        say("src_mirror/")
        trees.append(
            bench_tree(
                "src_mirror", mirror, "src", args.rounds, work, True, args.warmup, args.edit_pairs
            )
        )
    for size in sizes:
        tree = work / f"synthetic-{size}"
        if not (tree / "synth" / "main.py").is_file():
            say(f"generating {size} modules")
            shutil.rmtree(tree, ignore_errors=True)
            generate(tree, size)
        if args.no_analysis:
            continue
        say(f"synthetic {size}")
        trees.append(
            bench_tree(
                f"synthetic {size:,}",
                tree,
                "synth",
                args.rounds,
                work,
                size <= args.autodoc2_max,
                args.warmup,
                args.edit_pairs,
            )
        )
    if docs in ("mirror", "all"):
        say("docs build, src_mirror/")
        service = mirror / "src" / "services" / "domain_scheduler.py"
        builds.append(
            bench_docs("src_mirror", mirror, service, args.rounds, work, True, args.warmup)
        )
    if docs in ("all", "smallest"):
        chosen = (
            sizes[:1]
            if docs == "smallest"
            else ([size for size in sizes if size == 1000] or sizes[:1])
        )
        for size in chosen:
            tree = work / f"synthetic-{size}"
            say(f"docs build, synthetic {size}")
            service = tree / "synth" / "domain_000" / "jobs.py"
            builds.append(
                bench_docs(
                    f"synthetic {size:,}", tree, service, args.rounds, work, False, args.warmup
                )
            )
    command = " ".join(["nox -s bench", *(["--", *argv_used] if argv_used else [])])
    meta = run_meta(command, args.rounds, args.warmup, args.autodoc2_max, args.edit_pairs)
    save_results(Path(args.save), trees, builds, meta)
    say(f"raw results written to {args.save}")
    runs = [meta] if trees or builds else []
    for path in args.merge:
        earlier_trees, earlier_builds, earlier_meta = load_results(Path(path))
        merged_trees, merged_builds = merge(trees, earlier_trees), merge(builds, earlier_builds)
        if (len(merged_trees), len(merged_builds)) != (len(trees), len(builds)):
            runs.append(earlier_meta)
        trees, builds = merged_trees, merged_builds
    text = report(trees, builds, runs)
    Path(args.output).write_text(text)
    say(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
