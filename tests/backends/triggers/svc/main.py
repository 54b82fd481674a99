from fastapi import FastAPI

from . import jobs
from .ticker import tick  # noqa: F401  (registers its decorated job on import)

app = FastAPI(on_startup=[jobs.setup])
