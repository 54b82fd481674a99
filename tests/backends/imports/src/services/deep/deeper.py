from ...core.db import connect
from ... import jobs
from .. import helpers
