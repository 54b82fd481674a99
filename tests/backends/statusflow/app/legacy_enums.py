from enum import Enum


class ShipStatus(Enum):
    """Same name, other module, other values."""

    Queued = "queued"
    Done = "done"
