"""The docs-build measurements: the whole site, API pages included (``sphinx-build``).

Each round builds, one after the other, the baseline commit's site (its own ``conf.py``
and extension, from a ``git worktree`` of it) and the current checkout's, clean, on the
same backend tree; a ratio is the median of the ratios within the rounds. The current
checkout is built clean in two flavours: with the API pages' own persistent build kept
(``scrapersky_cache_dir``: what a docs build finds when the backend has not changed since
the last one) and without it (the first build for this backend commit).
"""

from __future__ import annotations

import compileall
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .common import REPO, Run, Series, measure, say

#: The commit the clean builds are compared with (issue 20: "today's").
BASELINE = "e2b2cb6"
#: The clean builds of a round, in the order they run; the keys of ``BuildResult.clean``.
FLAVOURS = ("baseline", "first", "cached", "cached-auto")
#: The config value that keeps the API pages' own build between clean builds.
API_DIR_VALUE = "scrapersky_cache_dir"
#: What a build generates into the site's sources (a clean build starts without them).
GENERATED = ("generated", "apidocs", "backend")


@dataclass
class DocsTree:
    """A backend tree the site is built on, and the module the one-change rebuild edits."""

    name: str
    tree: Path
    service_module: Path
    mirror: bool = False
    """src_mirror/: built with its data folder (the baseline: with its hand-kept files)."""


@dataclass
class BuildResult:
    name: str
    clean: dict[str, Series]
    """Clean builds by flavour (:data:`FLAVOURS`; ``-j 1``/``-j 2`` in older saved runs)."""
    share: list[float]
    phases: list[dict[str, float]]
    nochange: Series
    nochange_read: list[int]
    change: Series
    change_read: list[list[str]]
    modules: int = 0
    ratios: dict[str, list[float]] = field(default_factory=dict)
    """Per round: ``cached/baseline``, ``first/baseline``, ``auto/j1``."""
    pages: dict[str, int] = field(default_factory=dict)
    """HTML pages each flavour's clean build wrote (its last round)."""
    baseline: str = ""
    api_dir: bool = False
    """Whether the current builds were given ``scrapersky_cache_dir``."""


def slug(name: str) -> str:
    """A folder name for a tree's name (``real-shaped 1,000`` -> ``real-shaped-1000``)."""
    return name.replace(" ", "-").replace(",", "")


def _git(*args: str, cwd: Path = REPO) -> str:
    found = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if found.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed:\n{found.stderr}")
    return found.stdout.strip()


def baseline_checkout(commit: str, work: Path) -> Path:
    """A worktree of ``commit`` in the bench workdir: made once, reused by later runs."""
    folder = work / f"baseline-{commit}"
    wanted = _git("rev-parse", f"{commit}^{{commit}}")
    if (folder / ".git").exists() and _git("rev-parse", "HEAD", cwd=folder) == wanted:
        return folder
    say(f"checking out the baseline {commit} into {folder}")
    if (folder / ".git").exists():
        _git("checkout", "--quiet", "--detach", wanted, cwd=folder)
    else:
        shutil.rmtree(folder, ignore_errors=True)
        # --force: the workdir may have been deleted with the worktree still registered
        _git("worktree", "add", "--force", "--detach", str(folder), wanted)
    compileall.compile_dir(folder / "ext", quiet=1)  # as the current extension is
    return folder


def api_dir_supported() -> bool:
    """Whether the current extension declares ``scrapersky_cache_dir`` (another engineer adds
    it; Sphinx would ignore an unknown value with a mere warning)."""
    code = (
        "import dataclasses, sys\n"
        "sys.path.insert(0, 'ext')\n"
        "from scrapersky_services import config\n"
        "names = {config.CONFIG_PREFIX + f.name for f in dataclasses.fields(config.ScraperskyConfig)}\n"
        f"sys.exit(0 if {API_DIR_VALUE!r} in names else 1)\n"
    )
    found = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, check=False)
    return found.returncode == 0


def site_copy(target: Path, root: Path = REPO) -> Path:
    """The site of the checkout at ``root`` (its conf.py, pages and extension), to be built
    on another tree without touching that checkout."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy(root / "conf.py", target / "conf.py")
    shutil.copytree(root / "docs", target / "docs", ignore=shutil.ignore_patterns(*GENERATED))
    (target / "ext").symlink_to(root / "ext")
    return target


def html_pages(outdir: Path) -> int:
    """The HTML pages a build wrote (through links: the API pages may be linked in)."""
    return sum(
        name.endswith(".html")
        for _, _, names in os.walk(outdir, followlinks=True)
        for name in names
    )


def sphinx_command(project: Path, outdir: Path, jobs: str, options: list[str]) -> list[str]:
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
        *options,
        "-c",
        str(project),
        str(project / "docs"),
        str(outdir),
    ]


def bench_docs(
    docs: DocsTree,
    rounds: int,
    work: Path,
    warmup: int = 1,
    baseline: Path | None = None,
    api_dir: bool = True,
    jobs_auto: bool = False,
    modules: int = 0,
) -> BuildResult:
    """Clean builds of every flavour, interleaved in each round (``baseline``: the baseline
    commit's worktree, or None to skip it; ``jobs_auto``: the ``-j auto`` build too), then
    rebuilds with no change and with one service module changed."""
    name = docs.name
    project = site_copy(work / f"site-{slug(name)}")
    api_folder = work / f"api-{slug(name)}"
    env = {"SCRAPERSKY_SRC": str(docs.tree)}
    if docs.mirror:
        env["SCRAPERSKY_DATA"] = str(REPO / "mirror-data")
    options = ["-D", f"{API_DIR_VALUE}={api_folder}"] if api_dir else []
    base_project, base_env = None, {"SCRAPERSKY_SRC": str(docs.tree)}
    if baseline is not None:
        base_project = site_copy(work / f"baseline-site-{slug(name)}", baseline)
        if docs.mirror:  # the baseline had no data folder: the mirror's files were in docs/
            base_env["SCRAPERSKY_SERVICES_FILE"] = str(baseline / "docs" / "services.toml")
            base_env["SCRAPERSKY_TRIAGE_FILE"] = str(baseline / "docs" / "audit" / "triage.toml")
    flavours = [
        flavour
        for flavour in FLAVOURS
        if (flavour != "baseline" or baseline is not None)
        and (flavour != "cached-auto" or jobs_auto)
    ]
    pages: dict[str, int] = {}

    def outdir_of(flavour: str) -> Path:
        return (base_project if flavour == "baseline" else project) / "_build" / f"html-{flavour}"

    def clean(flavour: str) -> tuple[Run, dict]:
        outdir = outdir_of(flavour)
        source = base_project if flavour == "baseline" else project
        shutil.rmtree(outdir, ignore_errors=True)
        for generated in GENERATED:
            shutil.rmtree(source / "docs" / generated, ignore_errors=True)
        if flavour == "first":
            shutil.rmtree(api_folder, ignore_errors=True)
        jobs = "auto" if flavour == "cached-auto" else "1"
        if flavour == "baseline":
            result = measure(sphinx_command(source, outdir, jobs, []), env=base_env)
        else:
            result = measure(sphinx_command(source, outdir, jobs, options), env=env)
        pages[flavour] = html_pages(outdir)
        return result, json.loads((outdir / "scrapersky-profile.json").read_text())

    clean_series = {flavour: Series() for flavour in flavours}
    ratios: dict[str, list[float]] = {}
    shares: list[float] = []
    phases: list[dict[str, float]] = []
    for number in range(warmup + rounds):
        measured = number >= warmup
        label = f"round {number - warmup + 1}/{rounds}" if measured else "warm-up"
        results: dict[str, Run] = {}
        for flavour in flavours:
            results[flavour], profile = clean(flavour)
            say(f"  {name}: {label}, clean {flavour} {results[flavour].seconds:.1f} s")
            if measured and flavour == "cached":
                shares.append(sum(profile["timings"].values()) / results[flavour].seconds)
                phases.append(profile["timings"])
        if not measured:
            continue
        for flavour, result in results.items():
            clean_series[flavour].runs.append(result)
        if "baseline" in results:
            for flavour in ("cached", "first"):
                ratio = results[flavour].seconds / results["baseline"].seconds
                ratios.setdefault(f"{flavour}/baseline", []).append(ratio)
        if "cached-auto" in results:
            ratio = results["cached-auto"].seconds / results["cached"].seconds
            ratios.setdefault("auto/j1", []).append(ratio)

    nochange, change, nochange_read, change_read = _rebuilds(
        name, docs.service_module, rounds, lambda: clean("cached"), outdir_of("cached"),
        sphinx_command(project, outdir_of("cached"), "1", options), env,
    )  # fmt: skip
    return BuildResult(
        name,
        clean_series,
        shares,
        phases,
        nochange,
        nochange_read,
        change,
        change_read,
        modules=modules,
        ratios=ratios,
        pages=pages,
        baseline=BASELINE if baseline is not None else "",
        api_dir=api_dir,
    )


def _rebuilds(
    name: str,
    service_module: Path,
    rounds: int,
    clean,
    outdir: Path,
    command: list[str],
    env: dict[str, str],
) -> tuple[Series, Series, list[int], list[list[str]]]:
    """Rebuilds of a clean build: with no change, and with one service module changed (the
    pages each read, from the extension's profile)."""
    original = service_module.read_text()
    nochange, change = Series(), Series()
    nochange_read: list[int] = []
    change_read: list[list[str]] = []

    def read() -> list[str]:
        return json.loads((outdir / "scrapersky-profile.json").read_text())["read"]

    clean()
    try:
        for round_number in range(rounds):
            nochange.runs.append(measure(command, env=env))
            nochange_read.append(len(read()))
            text = original.replace('"""', f'"""Benchmark edit {round_number}. ', 1)
            service_module.write_text(text)
            change.runs.append(measure(command, env=env))
            change_read.append(read())
            service_module.write_text(original)
            if round_number < rounds - 1:
                measure(command, env=env)  # back to the unchanged tree, for the next round
            say(
                f"  {name}: round {round_number + 1}/{rounds}, no change "
                f"{nochange.runs[-1].seconds:.1f} s, one service changed "
                f"{change.runs[-1].seconds:.1f} s"
            )
    finally:
        service_module.write_text(original)
    return nochange, change, nochange_read, change_read
