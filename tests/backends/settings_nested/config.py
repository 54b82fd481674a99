"""Settings at the root of the repository, read with python-decouple and os.getenv."""

import os

from decouple import config

CLEANUP_MINUTES = config("CLEANUP_MINUTES", default=30, cast=int)
REPORT_HOUR = int(os.getenv("REPORT_HOUR", "6"))
