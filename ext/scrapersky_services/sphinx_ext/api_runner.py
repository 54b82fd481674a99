"""``python -m scrapersky_services.sphinx_ext.api_runner SPEC``: build the API pages.

Started by the site's build (:func:`.api_site.start`) with the ``spec.json`` it wrote.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .api_site import build_api_pages

if __name__ == "__main__":
    sys.exit(build_api_pages(json.loads(Path(sys.argv[1]).read_text())))
