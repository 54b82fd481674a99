"""The benchmark harness: ``nox -s bench`` (quick) or ``nox -s bench -- --full``.

Every figure is the median of ``--rounds`` whole-process runs after a warm-up round, with
its minimum, maximum and peak memory; the extension is byte-compiled first, as pip does for
the installed tools. What is compared runs interleaved (A B C A B C ...), and each ratio is
the median of the ratios within a round, because absolute times drift on a shared machine:
the analysis tools on one tree (:mod:`bench.analysis`), and the clean docs builds of the
baseline commit and of the current checkout (:mod:`bench.docs_build`). The results are
written to docs/performance.md (:mod:`bench.report`).
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import subprocess
import sys
from pathlib import Path

from .analysis import TOOLS, TreeResult, bench_scaling, bench_tree, tool_command
from .common import REPO, Run, Series, measure, python_files, say
from .docs_build import BASELINE, DocsTree, api_dir_supported, baseline_checkout, bench_docs
from .generate import generate
from .report import report, run_meta
from .results import Results, load_results, merge, save_results

__all__ = ["TOOLS", "Run", "Series", "TreeResult", "measure", "report", "tool_command"]

QUICK_SIZES = (100, 1000)
FULL_SIZES = (100, 1000, 5000, 20000)
#: Sizes of the real-shaped trees (``../shared/bench/gen_backend.py``).
QUICK_REAL_SIZES = (140, 1000)
FULL_REAL_SIZES = (140, 1000, 5000)
#: The real-shaped trees the growth of the cold time is measured between (issue 20).
SCALING = (1000, 5000)
QUICK_DOCS = ("mirror", "real-140")
FULL_DOCS = ("mirror", "real-140", "real-1000")
GEN_BACKEND = REPO.parent / "shared" / "bench" / "gen_backend.py"
REAL_PACKAGE = "synapp"


def synthetic_tree(work: Path, size: int) -> Path:
    tree = work / f"synthetic-{size}"
    if not (tree / "synth" / "main.py").is_file():
        say(f"generating {size} synthetic modules")
        shutil.rmtree(tree, ignore_errors=True)
        generate(tree, size)
    return tree


def real_tree(work: Path, size: int, generator: Path) -> Path:
    """A real-shaped tree of ``size`` modules (the generator's output is the same for the
    same size: made once, reused)."""
    tree = work / f"real-{size}"
    if not (tree / REAL_PACKAGE / "main.py").is_file():
        if not generator.is_file():
            raise SystemExit(
                f"bench: the real-shaped trees' generator {generator} is missing "
                "(--gen-backend, or --real-sizes with no size and no real-* in --docs)"
            )
        say(f"generating {size} real-shaped modules")
        shutil.rmtree(tree, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(generator), str(size), str(tree), "--name", REAL_PACKAGE],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return tree


def docs_tree(key: str, work: Path, mirror: Path, generator: Path) -> DocsTree:
    """A docs tree named on the command line: ``mirror``, ``real-N`` or ``synthetic-N``."""
    if key == "mirror":
        return DocsTree(
            "src_mirror", mirror, mirror / "src" / "services" / "domain_scheduler.py", True
        )
    kind, _, size_text = key.partition("-")
    if kind not in ("real", "synthetic") or not size_text.isdigit():
        raise SystemExit(f"bench: unknown docs tree {key!r} (mirror, real-N or synthetic-N)")
    size = int(size_text)
    if kind == "synthetic":
        tree = synthetic_tree(work, size)
        return DocsTree(f"synthetic {size:,}", tree, tree / "synth" / "domain_000" / "jobs.py")
    tree = real_tree(work, size, generator)
    jobs = (tree / REAL_PACKAGE / "jobs").rglob("*.py")
    service = min(path for path in jobs if path.name != "__init__.py")
    return DocsTree(f"real-shaped {size:,}", tree, service)


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="every size (up to 20,000 synthetic and 5,000 real-shaped modules) and the "
        "1,000-module docs build",
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        help="synthetic sizes (default: 100 1000; --full: up to 20000)",
    )
    parser.add_argument(
        "--real-sizes",
        type=int,
        nargs="*",
        help="real-shaped sizes (default: 140 1000; --full: 140 1000 5000)",
    )
    parser.add_argument("--rounds", type=int, default=5, help="measured runs per figure")
    parser.add_argument("--warmup", type=int, default=1, help="warm-up rounds before measuring")
    parser.add_argument("--no-mirror", action="store_true", help="skip src_mirror/'s analysis")
    parser.add_argument(
        "--autodoc2-max",
        type=int,
        default=5000,
        help="largest tree sphinx-autodoc2 is run on (its analysis grows faster than linearly)",
    )
    parser.add_argument(
        "--docs",
        nargs="*",
        default=None,
        help="the trees the site is built on: mirror, real-N, synthetic-N, or none "
        "(default: mirror real-140; --full: mirror real-140 real-1000)",
    )
    parser.add_argument(
        "--baseline",
        default=BASELINE,
        help=f"the commit the clean docs builds are compared with (default {BASELINE}; "
        "none: not built)",
    )
    parser.add_argument(
        "--jobs-auto-min",
        type=int,
        default=1000,
        help="the smallest docs tree (in modules) also built with -j auto",
    )
    parser.add_argument("--workdir", default=str(REPO / ".bench"), help="where trees and builds go")
    parser.add_argument("--output", default=str(REPO / "docs" / "performance.md"))
    parser.add_argument(
        "--no-analysis",
        action="store_true",
        help="skip the analysis measurements (only the docs builds)",
    )
    parser.add_argument(
        "--gen-backend",
        default=str(GEN_BACKEND),
        help="the real-shaped trees' generator (gen_backend.py N OUTDIR)",
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
    return parser.parse_args(argv)


def measure_analysis(args: argparse.Namespace, work: Path, mirror: Path, results: Results) -> None:
    sizes = args.sizes if args.sizes is not None else (FULL_SIZES if args.full else QUICK_SIZES)
    real_sizes = args.real_sizes
    if real_sizes is None:
        real_sizes = FULL_REAL_SIZES if args.full else QUICK_REAL_SIZES
    generator = Path(args.gen_backend)
    if not args.no_mirror:
        say("src_mirror/")
        results.trees.append(
            bench_tree("src_mirror", mirror, "src", args.rounds, work, True, args.warmup)
        )
    for size in real_sizes:
        tree = real_tree(work, size, generator)
        say(f"real-shaped {size}")
        with_autodoc2 = size <= args.autodoc2_max
        results.trees.append(
            bench_tree(
                f"real-shaped {size:,}", tree, REAL_PACKAGE, args.rounds, work, with_autodoc2,
                args.warmup,
            )
        )  # fmt: skip
    if all(size in real_sizes for size in SCALING):
        low, high = SCALING
        name = f"real-shaped {low:,} → {high:,}"
        say(name)
        results.scaling.append(
            bench_scaling(
                name,
                (f"real-shaped {low:,}", real_tree(work, low, generator)),
                (f"real-shaped {high:,}", real_tree(work, high, generator)),
                REAL_PACKAGE,
                args.rounds,
                work,
                args.warmup,
            )
        )
    for size in sizes:
        tree = synthetic_tree(work, size)
        say(f"synthetic {size}")
        results.trees.append(
            bench_tree(
                f"synthetic {size:,}", tree, "synth", args.rounds, work,
                size <= args.autodoc2_max, args.warmup,
            )
        )  # fmt: skip


def measure_docs(
    args: argparse.Namespace, work: Path, mirror: Path, results: Results, api_dir: bool
) -> None:
    keys = args.docs if args.docs is not None else (FULL_DOCS if args.full else QUICK_DOCS)
    keys = [key for key in keys if key != "none"]
    if not keys:
        return
    baseline = None if args.baseline == "none" else baseline_checkout(args.baseline, work)
    for key in keys:
        docs = docs_tree(key, work, mirror, Path(args.gen_backend))
        modules = len(python_files(docs.tree))
        say(f"docs build, {docs.name}")
        results.builds.append(
            bench_docs(
                docs,
                args.rounds,
                work,
                args.warmup,
                baseline=baseline,
                api_dir=api_dir,
                jobs_auto=modules >= args.jobs_auto_min,
                modules=modules,
            )
        )


def main(argv: list[str] | None = None) -> int:
    argv_used = list(sys.argv[1:] if argv is None else argv)
    args = parse_arguments(argv_used)
    work = Path(args.workdir).resolve()
    work.mkdir(parents=True, exist_ok=True)
    # pip byte-compiles the installed tools compared here (grimp, sphinx-autodoc2); the
    # extension runs from the checkout, where PYTHONDONTWRITEBYTECODE would otherwise make
    # every measured process compile it again
    compileall.compile_dir(REPO / "ext", quiet=1)
    compileall.compile_dir(REPO / "bench", quiet=1)
    api_dir = api_dir_supported()
    if not api_dir:
        say(
            "the extension does not declare scrapersky_api_dir yet: the current clean builds "
            "make the API pages from scratch in both flavours"
        )
    mirror = work / "src_mirror"
    shutil.rmtree(mirror, ignore_errors=True)
    shutil.copytree(REPO / "src_mirror", mirror)
    results = Results()
    if not args.no_analysis:
        measure_analysis(args, work, mirror, results)
    measure_docs(args, work, mirror, results, api_dir)

    command = " ".join(["nox -s bench", *(["--", *argv_used] if argv_used else [])])
    baseline = "" if args.baseline == "none" else args.baseline
    meta = run_meta(command, args.rounds, args.warmup, args.autodoc2_max, baseline, api_dir)
    save_results(Path(args.save), results, meta)
    say(f"raw results written to {args.save}")
    runs = [meta] if results else []
    for path in args.merge:
        earlier, earlier_meta = load_results(Path(path))
        merged = Results(
            merge(results.trees, earlier.trees),
            merge(results.builds, earlier.builds),
            merge(results.scaling, earlier.scaling),
        )
        if len(merged) > len(results):  # the earlier run reports some trees
            runs.append(earlier_meta)
        results = merged
    Path(args.output).write_text(report(results, runs))
    say(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
