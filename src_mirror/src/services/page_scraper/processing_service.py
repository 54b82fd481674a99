"""
Single-domain page scraping used by batch jobs.

Wraps ``domain_processor.crawl_domain_pages`` with a concurrency limit and a
uniform result dictionary, without touching the database.
"""

import asyncio
import logging
from typing import Any, Dict

from ...config.settings import settings
from ...scraper.domain_utils import normalize_domain
from . import domain_processor

logger = logging.getLogger(__name__)

_semaphore = asyncio.Semaphore(settings.SCRAPER_MAX_CONCURRENCY)


class PageProcessingService:
    """Scrapes one domain and summarises what was found."""

    async def process_domain(self, domain: str, max_pages: int = 5) -> Dict[str, Any]:
        """Crawl ``domain`` and return a summary dict; never raises."""
        name = normalize_domain(domain)
        if not name:
            return {"domain": domain, "success": False, "error": "invalid domain"}

        async with _semaphore:
            try:
                pages = await domain_processor.crawl_domain_pages(name, max_pages)
            except Exception as exc:
                logger.warning("Scrape failed for %s: %s", name, exc)
                return {"domain": name, "success": False, "error": str(exc)}

        emails = sorted({e for p in pages for e in p["emails"]})
        phones = sorted({ph for p in pages for ph in p["phones"]})
        metadata = pages[0].get("metadata", {}) if pages else {}
        return {
            "domain": name,
            "success": True,
            "pages": len(pages),
            "title": metadata.get("title"),
            "emails": emails,
            "phones": phones,
        }
