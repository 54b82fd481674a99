"""Small builders of format-neutral docutils nodes shared by the directives."""

from __future__ import annotations

import re
from collections.abc import Sequence

from docutils import nodes

Cell = str | nodes.Node | Sequence[nodes.Node]

_LITERAL = re.compile(r"``(.+?)``")


def inline_text(text: str) -> list[nodes.Node]:
    """Text with ````literal```` spans turned into literal nodes; nothing else is markup.

    Only for the extension's own sentences (help texts); text from the documented code goes
    into plain ``nodes.Text`` instead.
    """
    parts: list[nodes.Node] = []
    position = 0
    for match in _LITERAL.finditer(text):
        if match.start() > position:
            parts.append(nodes.Text(text[position : match.start()]))
        parts.append(nodes.literal(match.group(1), match.group(1)))
        position = match.end()
    if position < len(text):
        parts.append(nodes.Text(text[position:]))
    return parts


def _cell(content: Cell) -> nodes.entry:
    if isinstance(content, nodes.entry):
        return content
    entry = nodes.entry()
    if isinstance(content, str):
        entry += nodes.paragraph("", "", nodes.Text(content))
    elif isinstance(content, nodes.Node):
        entry += content if isinstance(content, nodes.Body) else nodes.paragraph("", "", content)
    else:
        entry += nodes.paragraph(
            "", "", *(nodes.Text(part) if isinstance(part, str) else part for part in content)
        )
    return entry


def make_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[int] | None = None,
    classes: Sequence[str] = (),
) -> nodes.table:
    """A docutils table with a header row; cells are text, a node, or a list of inline nodes."""
    table = nodes.table(
        classes=["scrapersky-table", "colwidths-given" if widths else "colwidths-auto", *classes]
    )
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths or [1] * len(headers):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    header_row = nodes.row()
    for header in headers:
        header_row += _cell(header)
    head += header_row
    group += head
    body = nodes.tbody()
    for row in rows:
        body_row = nodes.row()
        for content in row:
            body_row += _cell(content)
        body += body_row
    group += body
    return table
