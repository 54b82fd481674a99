# "api" has no __init__.py: a namespace package
from typing import TYPE_CHECKING

from ..core.db import connect

if TYPE_CHECKING:
    from ..models.item import Item


def handler():
    from ..services import helpers

    return helpers.run()
