"""sphinx-autodoc2's MyST renderer for the documented backend's modules.

sphinx-autodoc2 writes a variable's value as ``:value: >`` with the repr on the next line.
MyST does not read that as the directive's option but as its body, which it parses as
Markdown: a string constant ``'<script>...'`` in the backend became raw HTML on the API
page, and a role in one could read a file of the machine. This renderer writes the value
as one quoted option instead, which Sphinx shows as text (``NAME = 'value'``); everything
else is sphinx-autodoc2's own rendering. Set for the backend's packages in
``autodoc2_render_plugin_regexes`` by :func:`.api_pages.add_backend_api_pages`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from autodoc2.render.myst_ import MystRenderer

if TYPE_CHECKING:
    from collections.abc import Iterable

    from autodoc2.utils import ItemData

#: As sphinx-autodoc2 shortens a value.
VALUE_MAX = 100


def value_text(value: object) -> str:
    """A variable's value as one line of text."""
    if isinstance(value, str):
        text = repr(value) if len(value.splitlines()) <= 1 else "<Multiline-String>"
    else:
        text = str(value).replace("\n", " ")
    return text[:VALUE_MAX] + "..." if len(text) > VALUE_MAX else text


class BackendRenderer(MystRenderer):
    """MyST pages whose variables' values are option text, never Markdown."""

    def render_data(self, item: ItemData) -> Iterable[str]:
        lines = iter(super().render_data(item))
        for line in lines:
            if line.startswith(":value: "):
                if line == ":value: >":
                    next(lines, None)  # the repr, on its own line
                # a double-quoted scalar: MyST reads it back to exactly this text
                yield ":value: " + json.dumps(value_text(item.get("value")), ensure_ascii=False)
            else:
                yield line
