"""
Google Maps Places API client.

Wraps the Place Details and Text Search endpoints used by the deep-scan
scheduler and the places search flow.
"""

import logging
from typing import Any, Dict, List, Optional

import httpx

from ..config.settings import settings

logger = logging.getLogger(__name__)

DETAILS_URL = "https://maps.googleapis.com/maps/api/place/details/json"
TEXT_SEARCH_URL = "https://maps.googleapis.com/maps/api/place/textsearch/json"
DETAIL_FIELDS = (
    "place_id,name,formatted_address,formatted_phone_number,website,rating,"
    "user_ratings_total,opening_hours,types,address_components"
)


class GoogleMapsError(Exception):
    pass


class GoogleMapsClient:
    def __init__(self, api_key: Optional[str] = None, timeout: float = 15.0):
        self.api_key = api_key or settings.GOOGLE_MAPS_API_KEY
        self.timeout = timeout

    async def _get(self, url: str, params: Dict[str, Any]) -> Dict[str, Any]:
        if not self.api_key:
            raise GoogleMapsError("GOOGLE_MAPS_API_KEY is not configured")
        async with httpx.AsyncClient(timeout=self.timeout) as client:
            response = await client.get(url, params={**params, "key": self.api_key})
            response.raise_for_status()
            payload = response.json()
        status = payload.get("status")
        if status not in ("OK", "ZERO_RESULTS"):
            raise GoogleMapsError(f"Places API status {status}: {payload.get('error_message', '')}")
        return payload

    async def get_place_details(self, place_id: str) -> Dict[str, Any]:
        payload = await self._get(DETAILS_URL, {"place_id": place_id, "fields": DETAIL_FIELDS})
        return payload.get("result", {})

    async def text_search(self, query: str, location: Optional[str] = None) -> List[Dict[str, Any]]:
        text = f"{query} in {location}" if location else query
        payload = await self._get(TEXT_SEARCH_URL, {"query": text})
        return payload.get("results", [])


def address_component(details: Dict[str, Any], kind: str) -> Optional[str]:
    for component in details.get("address_components", []):
        if kind in component.get("types", []):
            return component.get("short_name")
    return None
