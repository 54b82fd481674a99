from ..core import db


def run():
    from ..services.gone import thing  # the module was deleted

    return db.connect(), thing
