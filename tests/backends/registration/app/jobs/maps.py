import logging

from ..scheduler import scheduler
from ..settings import settings

logger = logging.getLogger(__name__)


async def geocode(): ...


def setup_maps():
    if not settings.MAPS_KEY:
        logger.warning("no maps key: geocoding off")
        return
    scheduler.add_job(geocode, "interval", minutes=10, id="geocode")
