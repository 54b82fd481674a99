import enum


class ShipStatus(str, enum.Enum):
    Queued = "Queued"
    Processing = "Processing"
    Done = "Done"
