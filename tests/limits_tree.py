"""A backend at the analyser's limits (``analysis/parse/limits.py``): the largest file it parses,
nesting at the Python parser's limits, expressions past the summary depth, the longest
kept string, and an import chain far beyond one diagram's node cap."""

from __future__ import annotations

from pathlib import Path

from corpus import base_tree
from scrapersky_services.analysis.parse import extract

CHAIN = 300
"""Modules in the import chain under the job (the diagram cap is 40)."""


def _largest_file() -> str:
    head = (
        '"""As large as the analyser reads.\n\nOutcome:\n    Proves the limit holds.\n"""\n\n'
        "from app.scheduler import scheduler\n\n"
    )
    parts = [head]
    size = len(head)
    number = 0
    while True:
        block = (
            f"\n\ndef step_{number}(value: int) -> int:\n"
            f'    """Step {number}."""\n'
            f"    return helper(value, {number}) + step_{max(number - 1, 0)}(value)\n"
        )
        if size + len(block) > extract.MAX_FILE_BYTES - 200:
            break
        parts.append(block)
        size += len(block)
        number += 1
    parts.append(
        "\n\nasync def last_job() -> None:\n"
        '    """The job at the end of the largest file."""\n\n\n'
        "def setup() -> None:\n"
        '    scheduler.add_job(last_job, "interval", minutes=5, id="last_job")\n'
    )
    return "".join(parts)


def limits_tree(folder: Path) -> Path:
    tree = base_tree(folder)
    app = tree / "app"
    text = _largest_file()
    assert len(text.encode()) < extract.MAX_FILE_BYTES
    (app / "largest.py").write_text(text)
    (app / "brackets.py").write_text("VALUE = " + "(" * 199 + "1" + ")" * 199 + "\n")
    (app / "indented.py").write_text(
        "".join("    " * depth + "if True:\n" for depth in range(98)) + "    " * 98 + "pass\n"
    )
    (app / "deep.py").write_text(
        "VALUE = "
        + "f(" * (extract.MAX_EXPR_DEPTH * 4)
        + "1"
        + ")" * (extract.MAX_EXPR_DEPTH * 4)
        + "\nSQL = "
        + repr("SELECT 1 -- " + "x" * extract.MAX_STRING * 3)
        + "\n"
    )
    chain = app / "chain"
    chain.mkdir()
    (chain / "__init__.py").write_text("")
    for number in range(CHAIN):
        following = (
            f"from app.chain import link_{number + 1}  # noqa: F401\n" if number + 1 < CHAIN else ""
        )
        (chain / f"link_{number}.py").write_text(f"{following}\nVALUE = {number}\n")
    (app / "services" / "chained.py").write_text(
        '"""Chained.\n\nOutcome:\n    Reaches far.\n"""\n\n'
        + "".join(f"from app.chain import link_{number}  # noqa: F401\n" for number in range(60))
        + "from app.scheduler import scheduler\n\n\n"
        'async def chained_job() -> None:\n    """Far."""\n\n\n'
        'def setup() -> None:\n    scheduler.add_job(chained_job, "interval", hours=1, id="chained")\n'
    )
    main = app / "main.py"
    main.write_text(
        main.read_text()
        .replace(
            "from fastapi import FastAPI\n",
            "from fastapi import FastAPI\n\nfrom app import largest\nfrom app.services import chained\n",
        )
        .replace(
            "    setup_cleanup()\n",
            "    setup_cleanup()\n    largest.setup()\n    chained.setup()\n",
        )
    )
    return tree
