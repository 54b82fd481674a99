"""HTTP fetching helpers shared by scrapers and schedulers."""

import asyncio
import logging
from typing import Optional, Tuple

import aiohttp

from ..config.settings import settings
from ..utils.scraper_api import ScraperAPIClient

logger = logging.getLogger(__name__)

DEFAULT_HEADERS = {
    "User-Agent": settings.SCRAPER_USER_AGENT,
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en-US,en;q=0.9",
}


class FetchError(Exception):
    """Raised when a URL cannot be fetched after retries."""

    def __init__(self, message: str, status: Optional[int] = None):
        super().__init__(message)
        self.status = status


async def fetch_html(url: str, retries: int = 2, timeout: Optional[int] = None) -> Tuple[str, str]:
    """Fetch ``url`` and return ``(final_url, body)``. Raises FetchError."""
    timeout_cfg = aiohttp.ClientTimeout(total=timeout or settings.SCRAPER_REQUEST_TIMEOUT_SECONDS)
    last_exc: Optional[Exception] = None

    for attempt in range(retries + 1):
        try:
            async with aiohttp.ClientSession(headers=DEFAULT_HEADERS, timeout=timeout_cfg) as client:
                async with client.get(url, allow_redirects=True, ssl=False) as response:
                    if response.status >= 400:
                        raise FetchError(f"HTTP {response.status} for {url}", status=response.status)
                    body = await response.text(errors="ignore")
                    return str(response.url), body
        except (aiohttp.ClientError, asyncio.TimeoutError, FetchError) as exc:
            last_exc = exc
            if isinstance(exc, FetchError) and exc.status in (403, 429):
                proxy = ScraperAPIClient()
                if proxy.enabled:
                    logger.info("Direct fetch of %s blocked (%s); retrying via ScraperAPI", url, exc.status)
                    return url, await proxy.fetch(url)
            logger.debug("Fetch attempt %s for %s failed: %s", attempt + 1, url, exc)
            await asyncio.sleep(1.5 * (attempt + 1))

    raise FetchError(f"Could not fetch {url}: {last_exc}")


async def fetch_bytes(url: str) -> bytes:
    timeout_cfg = aiohttp.ClientTimeout(total=settings.SCRAPER_REQUEST_TIMEOUT_SECONDS)
    async with aiohttp.ClientSession(headers=DEFAULT_HEADERS, timeout=timeout_cfg) as client:
        async with client.get(url, ssl=False) as response:
            response.raise_for_status()
            return await response.read()
