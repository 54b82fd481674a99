"""
Google Maps deep-scan scheduler.

Places selected in the staging grid are queued for a deep scan
(``deep_scan_status = Queued``). For each, this job fetches Place Details and
upserts a ``LocalBusiness``. Registered only when a Google Maps API key is
configured.
"""

import logging
from typing import List

from sqlalchemy import select

from src.config.settings import settings
from src.models.local_business import LocalBusiness
from src.models.place import GcpApiDeepScanStatusEnum, Place
from src.scheduler_instance import scheduler
from src.session.async_session import get_background_session

from .google_maps_client import GoogleMapsClient, address_component

logger = logging.getLogger(__name__)

JOB_ID = "deep_scan_scheduler"


async def _claim_queued_places(batch_size: int) -> List[int]:
    status_column = getattr(Place, "deep_scan_status")
    async with get_background_session() as session:
        async with session.begin():
            stmt = (
                select(Place)
                .where(status_column == GcpApiDeepScanStatusEnum.Queued)
                .order_by(Place.updated_at)
                .limit(batch_size)
                .with_for_update(skip_locked=True)
            )
            places = (await session.execute(stmt)).scalars().all()
            for place in places:
                place.deep_scan_status = GcpApiDeepScanStatusEnum.Processing
                place.deep_scan_error = None
            return [p.id for p in places]


async def _deep_scan_place(place_pk: int, client: GoogleMapsClient) -> None:
    async with get_background_session() as session:
        async with session.begin():
            place = await session.get(Place, place_pk)
            if place is None:
                return
            details = await client.get_place_details(place.place_id)

            business = (
                await session.execute(select(LocalBusiness).where(LocalBusiness.place_id == place.place_id))
            ).scalars().first()
            if business is None:
                business = LocalBusiness(place_id=place.place_id, business_name=details.get("name") or place.name)
                session.add(business)

            business.full_address = details.get("formatted_address")
            business.phone = details.get("formatted_phone_number")
            business.website_url = details.get("website")
            business.rating = details.get("rating")
            business.reviews_count = details.get("user_ratings_total")
            business.city = address_component(details, "locality")
            business.state = address_component(details, "administrative_area_level_1")
            business.opening_hours = details.get("opening_hours")
            business.main_category = (details.get("types") or [None])[0]
            business.additional_json = details

            place.deep_scan_status = GcpApiDeepScanStatusEnum.Completed


async def process_deep_scan_queue(batch_size: int = 10) -> None:
    """Deep-scan queued places into local businesses."""
    place_ids = await _claim_queued_places(batch_size)
    if not place_ids:
        return

    client = GoogleMapsClient()
    for place_pk in place_ids:
        try:
            await _deep_scan_place(place_pk, client)
        except Exception as exc:
            logger.exception("Deep scan failed for place %s", place_pk)
            async with get_background_session() as session:
                async with session.begin():
                    place = await session.get(Place, place_pk)
                    if place is not None:
                        place.deep_scan_status = GcpApiDeepScanStatusEnum.Error
                        place.deep_scan_error = str(exc)[:1000]


def setup_deep_scan_scheduler() -> None:
    """Register the deep-scan job, unless no Google Maps API key is configured."""
    if not settings.GOOGLE_MAPS_API_KEY:
        logger.warning("GOOGLE_MAPS_API_KEY not set; deep-scan scheduler disabled")
        return

    scheduler.add_job(
        process_deep_scan_queue,
        trigger="interval",
        minutes=settings.DEEP_SCAN_SCHEDULER_INTERVAL_MINUTES,
        id=JOB_ID,
        name="Google Maps deep scan",
        max_instances=1,
        coalesce=True,
        replace_existing=True,
        kwargs={"batch_size": settings.DEEP_SCAN_SCHEDULER_BATCH_SIZE},
    )
    logger.info("Registered %s", JOB_ID)
