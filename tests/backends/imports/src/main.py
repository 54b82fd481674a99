from fastapi import FastAPI

from .api import routes
from .core import db
from . import jobs  # noqa: F401

app = FastAPI()
