"""A docutils parser that shows a docstring of the documented backend as plain text.

sphinx-autodoc2 renders docstrings with a parser chosen per module
(``autodoc2_docstring_parser_regexes``). Docstrings of the backend are data, never markup:
this parser turns each blank-line separated block into a paragraph of plain text, or a
literal block when the block is indented, without interpreting anything in it.
"""

from __future__ import annotations

import textwrap

from docutils import nodes, parsers


class Parser(parsers.Parser):
    supported = ("scrapersky-literal",)

    def parse(self, inputstring: str, document: nodes.document) -> None:
        self.setup_parse(inputstring, document)
        for block in _blocks(textwrap.dedent(inputstring)):
            if block[0].startswith((" ", "\t")):
                text = textwrap.dedent("\n".join(block))
                document += nodes.literal_block(text, text)
            else:
                document += nodes.paragraph("", "", nodes.Text("\n".join(block)))
        # sphinx-autodoc2 moves these nodes out of this throw-away document; they must not
        # keep pointing at it (its settings hold the whole build environment, which would
        # then be pickled into every doctree)
        for child in document.children:
            child.document = None
        self.finish_parse()


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in text.expandtabs().splitlines():
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]
