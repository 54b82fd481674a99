"""
Legacy sitemap processor.

The original synchronous importer from before the sitemap import scheduler.
It parsed a sitemap and returned page dictionaries for the old bulk-insert
endpoint, which no longer exists.
"""

import logging
from typing import Dict, List

import requests

from ..scraper.sitemap_parser import parse_sitemap_xml
from ..utils.url_utils import classify_page_type

logger = logging.getLogger(__name__)


class LegacySitemapProcessor:
    """Synchronous sitemap to page-dict conversion."""

    def __init__(self, timeout: int = 30):
        self.timeout = timeout

    def fetch(self, url: str) -> bytes:
        response = requests.get(url, timeout=self.timeout)
        response.raise_for_status()
        return response.content

    def process(self, domain_id: str, sitemap_url: str) -> List[Dict[str, str]]:
        parsed = parse_sitemap_xml(sitemap_url, self.fetch(sitemap_url))
        pages = [
            {"domain_id": domain_id, "url": entry.loc, "page_type": classify_page_type(entry.loc)}
            for entry in parsed.urls
        ]
        logger.info("Legacy processor produced %d page(s) from %s", len(pages), sitemap_url)
        return pages
