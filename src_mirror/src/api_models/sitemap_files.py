"""Schemas for sitemap file curation."""

import uuid
from datetime import datetime
from typing import List, Optional

from pydantic import BaseModel, Field

from ..models.enums import SitemapImportCurationStatusEnum, SitemapImportProcessStatusEnum
from .common import ORMModel


class SitemapFileRead(ORMModel):
    id: uuid.UUID
    domain_id: uuid.UUID
    url: str
    sitemap_type: Optional[str] = None
    url_count: int = 0
    deep_scrape_curation_status: SitemapImportCurationStatusEnum
    sitemap_import_status: Optional[SitemapImportProcessStatusEnum] = None
    sitemap_import_error: Optional[str] = None
    created_at: datetime


class SitemapFileBatchUpdate(BaseModel):
    sitemap_file_ids: List[uuid.UUID] = Field(..., min_length=1)
    deep_scrape_curation_status: SitemapImportCurationStatusEnum
