"""``python -m scrapersky_services analyse|audit SRC_ROOT``: see :mod:`.cli`."""

import sys

from .cli import main

sys.exit(main())
