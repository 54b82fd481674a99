"""Which Graphviz program is used, and the single clear error when there is none."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BACKENDS
from scrapersky_services.sphinx_ext.graphviz_program import (
    GraphvizNotFound,
    find_dot_program,
    supported_formats,
)


def make_program(folder: Path, name: str, formats: str = "png svg") -> Path:
    """A stand-in executable that answers ``-T?`` the way Graphviz does."""
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / name
    program.write_text(
        f"#!/bin/sh\necho 'Format: \"?\" not recognized. Use one of: {formats}' >&2\nexit 1\n"
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return program


@pytest.fixture()
def places(tmp_path):
    return tmp_path / "scripts", tmp_path / "bin1", tmp_path / "bin2"


def test_configured_program_comes_first(places):
    scripts, bin1, _ = places
    make_program(scripts, "graphviz-pure")
    mine = make_program(bin1, "my-dot")
    program, _ = find_dot_program(str(mine), str(scripts), str(bin1))
    assert program.path == str(mine)
    assert program.origin == "scrapersky_graphviz_dot"


def test_interpreter_scripts_before_path(places):
    scripts, bin1, _ = places
    pure_in_scripts = make_program(scripts, "graphviz-pure")
    make_program(bin1, "graphviz-pure")
    program, _ = find_dot_program("", str(scripts), str(bin1))
    assert program.path == str(pure_in_scripts)


def test_graphviz_pure_on_path_before_dot(places):
    scripts, bin1, bin2 = places
    scripts.mkdir()
    make_program(bin1, "dot")
    pure = make_program(bin2, "graphviz-pure")
    program, _ = find_dot_program("", str(scripts), os.pathsep.join([str(bin1), str(bin2)]))
    assert program.path == str(pure)


def test_dot_on_path_last(places):
    scripts, bin1, _ = places
    scripts.mkdir()
    dot = make_program(bin1, "dot")
    program, looked = find_dot_program("", str(scripts), str(bin1))
    assert program.path == str(dot)
    assert len(looked) == 3


def test_nothing_found_lists_every_place(places):
    scripts, bin1, _ = places
    scripts.mkdir()
    bin1.mkdir()
    program, looked = find_dot_program("", str(scripts), str(bin1))
    assert program is None
    assert looked == [
        f"'graphviz-pure' in the running Python's scripts folder ({scripts})",
        "'graphviz-pure' in PATH",
        "'dot' in PATH",
    ]


def test_supported_formats_are_read_from_the_program(tmp_path):
    program = make_program(tmp_path, "fake-dot", formats="canon dot png svg:cairo")
    assert supported_formats(str(program)) == {"canon", "dot", "png", "svg"}


def test_missing_program_stops_the_build_once_at_start(tmp_path, monkeypatch):
    """Nothing on PATH and nothing next to the interpreter: one error, before any reading."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "conf.py").write_text(
        "extensions = ['scrapersky_services']\n"
        f"scrapersky_src_root = {str(BACKENDS / 'minimal')!r}\n"
    )
    (project / "index.rst").write_text("Title\n=====\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty)}
    # run sphinx with a scripts folder that holds no graphviz-pure: a fresh interpreter
    # whose sysconfig scripts path we redirect through a sitecustomize shim
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(
        "import sysconfig\n"
        "_get_path = sysconfig.get_path\n"
        f"sysconfig.get_path = lambda name, *a, **k: {str(empty)!r} if name == 'scripts' "
        "else _get_path(name, *a, **k)\n"
    )
    ext = Path(__file__).parents[1] / "ext"
    env["PYTHONPATH"] = os.pathsep.join([str(shim), str(ext)])
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(project), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert output.count("no Graphviz program found") == 1
    assert "'graphviz-pure' in the running Python's scripts folder" in output
    assert "'dot' in PATH" in output
    assert "pip install graphviz-pure" in output
    assert "Configuration error" in output
    assert not (tmp_path / "out" / "index.html").exists()


@pytest.mark.sphinx(
    "latex", testroot="basic", confoverrides={"scrapersky_src_root": str(BACKENDS / "minimal")}
)
def test_builder_needing_pdf_fails_once_at_start_with_graphviz_pure(make_app, app_params, tmp_path):
    args, kwargs = app_params
    program = make_program(tmp_path / "gv", "graphviz-pure", formats="png svg")
    kwargs["confoverrides"] = {**kwargs["confoverrides"], "scrapersky_graphviz_dot": str(program)}
    with pytest.raises(GraphvizNotFound, match=r"'latex' builder needs Graphviz PDF output"):
        make_app(*args, **kwargs)


def test_a_bad_configured_program_warns_and_falls_back(make_app, tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    (project / "conf.py").write_text("extensions = ['scrapersky_services']\n")
    (project / "index.rst").write_text("T\n=\n")
    app = make_app(
        "html",
        srcdir=project,
        confoverrides={
            "scrapersky_src_root": str(BACKENDS / "minimal"),
            "scrapersky_graphviz_dot": "no-such-graphviz",
        },
    )
    assert "scrapersky_graphviz_dot = 'no-such-graphviz' was not found" in app.warning.getvalue()
    assert Path(app.config.graphviz_dot).is_absolute()
