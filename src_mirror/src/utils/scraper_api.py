"""Client for ScraperAPI, used when direct fetches are blocked."""

import logging
from typing import Optional

import httpx

from ..config.settings import settings

logger = logging.getLogger(__name__)

SCRAPER_API_ENDPOINT = "https://api.scraperapi.com/"


class ScraperAPIClient:
    def __init__(self, api_key: Optional[str] = None, timeout: int = 60):
        self.api_key = api_key or settings.SCRAPER_API_KEY
        self.timeout = timeout

    @property
    def enabled(self) -> bool:
        return bool(self.api_key)

    async def fetch(self, url: str, render_js: bool = False) -> str:
        if not self.enabled:
            raise RuntimeError("SCRAPER_API_KEY is not configured")
        params = {"api_key": self.api_key, "url": url, "render": str(render_js).lower()}
        async with httpx.AsyncClient(timeout=self.timeout) as client:
            response = await client.get(SCRAPER_API_ENDPOINT, params=params)
            response.raise_for_status()
            logger.debug("ScraperAPI fetched %s (%s bytes)", url, len(response.content))
            return response.text
