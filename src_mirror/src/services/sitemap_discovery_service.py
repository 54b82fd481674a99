"""
Sitemap discovery for a single domain.

Finds sitemap files through robots.txt and well-known paths, expands sitemap
indexes one level, and stores a ``SitemapFile`` row per file. Callers pass a
session and own the transaction.
"""

import logging
from typing import Any, Dict, List

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models.domain import Domain
from ..models.enums import SitemapImportCurationStatusEnum
from ..models.sitemap import SitemapFile
from ..scraper.sitemap_parser import discover_sitemap_urls, fetch_and_parse

logger = logging.getLogger(__name__)


async def discover_and_store_sitemaps(session: AsyncSession, domain: Domain) -> Dict[str, Any]:
    """Discover sitemap files for ``domain`` and persist new ones."""
    base_url = f"https://{domain.domain}"
    candidates = await discover_sitemap_urls(base_url)

    existing = set(
        (await session.execute(select(SitemapFile.url).where(SitemapFile.domain_id == domain.id))).scalars()
    )

    stored: List[str] = []
    total_urls = 0
    queue = list(candidates)
    while queue:
        candidate = queue.pop(0)
        url = candidate["url"]
        if url in existing or url in stored:
            continue
        try:
            parsed = await fetch_and_parse(url)
        except Exception as exc:
            logger.warning("Could not parse sitemap %s: %s", url, exc)
            continue

        if parsed.sitemap_type == "index" and candidate.get("method") != "index_child":
            queue.extend({"url": child, "method": "index_child"} for child in parsed.child_sitemaps[:50])

        session.add(
            SitemapFile(
                domain_id=domain.id,
                url=url,
                sitemap_type=parsed.sitemap_type,
                discovery_method=candidate.get("method"),
                is_gzipped=url.endswith(".gz"),
                url_count=len(parsed.urls),
                deep_scrape_curation_status=SitemapImportCurationStatusEnum.New,
            )
        )
        stored.append(url)
        total_urls += len(parsed.urls)

    await session.flush()
    logger.info("Domain %s: %d new sitemap file(s), %d URLs", domain.domain, len(stored), total_urls)
    return {"sitemaps_found": len(stored), "urls_found": total_urls, "sitemap_urls": stored}
