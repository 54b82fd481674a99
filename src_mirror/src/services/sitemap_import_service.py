"""
Sitemap file import service.

Downloads one sitemap file, stores its URLs as ``SitemapUrl`` rows and creates
a ``Page`` per URL so the pages can be curated. Status values are kept as
class constants so the scheduler and service agree on them.
"""

import logging
from typing import TYPE_CHECKING, List
from uuid import UUID

from sqlalchemy import func, select

from ..models.enums import SitemapImportProcessStatusEnum
from ..models.page import Page, PageCurationStatus
from ..models.sitemap import SitemapFile, SitemapUrl
from ..scraper.sitemap_parser import fetch_and_parse
from ..utils.url_utils import classify_page_type, dedupe_urls

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

logger = logging.getLogger(__name__)


class SitemapImportService:
    """Imports queued sitemap files into pages."""

    QUEUED = SitemapImportProcessStatusEnum.Queued
    PROCESSING = SitemapImportProcessStatusEnum.Processing
    COMPLETED = SitemapImportProcessStatusEnum.Completed
    ERROR = SitemapImportProcessStatusEnum.Error

    async def claim_queued_files(self, session: "AsyncSession", batch_size: int) -> List[UUID]:
        """Lock up to ``batch_size`` queued files and mark them processing."""
        stmt = (
            select(SitemapFile)
            .where(SitemapFile.sitemap_import_status == self.QUEUED)
            .order_by(SitemapFile.updated_at)
            .limit(batch_size)
            .with_for_update(skip_locked=True)
        )
        files = (await session.execute(stmt)).scalars().all()
        for sitemap_file in files:
            sitemap_file.sitemap_import_status = self.PROCESSING
            sitemap_file.sitemap_import_error = None
        return [f.id for f in files]

    @classmethod
    async def count_queued(cls, session: "AsyncSession") -> int:
        stmt = select(func.count()).select_from(SitemapFile).where(SitemapFile.sitemap_import_status == cls.QUEUED)
        return int((await session.execute(stmt)).scalar_one())

    async def process_single_sitemap_file(self, sitemap_file_id: UUID, session: "AsyncSession") -> int:
        """Import one file. Returns the number of pages created."""
        sitemap_file = await session.get(SitemapFile, sitemap_file_id)
        if sitemap_file is None:
            raise ValueError(f"Sitemap file {sitemap_file_id} not found")

        parsed = await fetch_and_parse(sitemap_file.url)
        if parsed.sitemap_type == "index":
            sitemap_file.sitemap_import_status = self.COMPLETED
            sitemap_file.sitemap_import_error = "Sitemap index: import its child sitemaps instead"
            return 0

        existing_urls = set(
            (await session.execute(select(Page.url).where(Page.domain_id == sitemap_file.domain_id))).scalars()
        )
        created = 0
        for url in dedupe_urls(entry.loc for entry in parsed.urls):
            entry = next(e for e in parsed.urls if e.loc == url)
            session.add(
                SitemapUrl(
                    sitemap_id=sitemap_file.id,
                    url=url,
                    lastmod=entry.lastmod,
                    changefreq=entry.changefreq,
                    priority=entry.priority,
                )
            )
            if url in existing_urls:
                continue
            session.add(
                Page(
                    domain_id=sitemap_file.domain_id,
                    sitemap_file_id=sitemap_file.id,
                    url=url,
                    page_type=classify_page_type(url),
                    lead_source="sitemap_import",
                    page_curation_status=PageCurationStatus.New,
                )
            )
            created += 1

        sitemap_file.url_count = len(parsed.urls)
        sitemap_file.sitemap_import_status = self.COMPLETED
        logger.info("Imported %s: %d URL(s), %d new page(s)", sitemap_file.url, len(parsed.urls), created)
        return created

    async def mark_error(self, session: "AsyncSession", sitemap_file_id: UUID, message: str) -> None:
        """Record an import failure on the sitemap file."""
        sitemap_file = await session.get(SitemapFile, sitemap_file_id)
        if sitemap_file is not None:
            sitemap_file.sitemap_import_status = self.ERROR
            sitemap_file.sitemap_import_error = message[:1000]
