"""Sitemap discovery (robots.txt + common locations) and XML parsing."""

import gzip
import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime
from typing import List, Optional
from urllib.parse import urljoin

import httpx

from ..config.settings import settings

logger = logging.getLogger(__name__)

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
COMMON_SITEMAP_PATHS = ("/sitemap.xml", "/sitemap_index.xml", "/wp-sitemap.xml", "/sitemap1.xml")


@dataclass
class SitemapEntry:
    loc: str
    lastmod: Optional[datetime] = None
    changefreq: Optional[str] = None
    priority: Optional[float] = None


@dataclass
class ParsedSitemap:
    url: str
    sitemap_type: str  # "index" or "urlset"
    urls: List[SitemapEntry] = field(default_factory=list)
    child_sitemaps: List[str] = field(default_factory=list)


def _parse_lastmod(value: Optional[str]) -> Optional[datetime]:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_sitemap_xml(url: str, content: bytes) -> ParsedSitemap:
    if url.endswith(".gz") or content[:2] == b"\x1f\x8b":
        content = gzip.decompress(content)
    root = ET.fromstring(content)
    tag = root.tag.split("}")[-1]

    if tag == "sitemapindex":
        children = [el.text.strip() for el in root.findall("sm:sitemap/sm:loc", SITEMAP_NS) if el.text]
        return ParsedSitemap(url=url, sitemap_type="index", child_sitemaps=children)

    entries: List[SitemapEntry] = []
    for node in root.findall("sm:url", SITEMAP_NS)[: settings.MAX_SITEMAP_URLS]:
        loc = node.findtext("sm:loc", default="", namespaces=SITEMAP_NS).strip()
        if not loc:
            continue
        priority = node.findtext("sm:priority", default=None, namespaces=SITEMAP_NS)
        entries.append(
            SitemapEntry(
                loc=loc,
                lastmod=_parse_lastmod(node.findtext("sm:lastmod", default=None, namespaces=SITEMAP_NS)),
                changefreq=node.findtext("sm:changefreq", default=None, namespaces=SITEMAP_NS),
                priority=float(priority) if priority else None,
            )
        )
    return ParsedSitemap(url=url, sitemap_type="urlset", urls=entries)


async def discover_sitemap_urls(base_url: str) -> List[dict]:
    """Return candidate sitemap URLs with the method that found them."""
    found: List[dict] = []
    async with httpx.AsyncClient(timeout=settings.SCRAPER_REQUEST_TIMEOUT_SECONDS, follow_redirects=True) as client:
        try:
            robots = await client.get(urljoin(base_url, "/robots.txt"))
            if robots.status_code == 200:
                for line in robots.text.splitlines():
                    if line.lower().startswith("sitemap:"):
                        found.append({"url": line.split(":", 1)[1].strip(), "method": "robots_txt"})
        except httpx.HTTPError as exc:
            logger.debug("robots.txt unavailable for %s: %s", base_url, exc)

        if not found:
            for path in COMMON_SITEMAP_PATHS:
                candidate = urljoin(base_url, path)
                try:
                    head = await client.head(candidate)
                except httpx.HTTPError:
                    continue
                if head.status_code == 200:
                    found.append({"url": candidate, "method": "common_path"})
    return found


async def fetch_and_parse(url: str) -> ParsedSitemap:
    async with httpx.AsyncClient(timeout=settings.SCRAPER_REQUEST_TIMEOUT_SECONDS, follow_redirects=True) as client:
        response = await client.get(url)
        response.raise_for_status()
        return parse_sitemap_xml(url, response.content)
