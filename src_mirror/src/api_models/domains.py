"""Request/response schemas for domain endpoints."""

import uuid
from datetime import datetime
from typing import List, Optional

from pydantic import BaseModel, Field, field_validator

from ..models.enums import (
    ContentScrapeStatusEnum,
    DomainCurationStatusEnum,
    DomainStatusEnum,
    SitemapAnalysisStatusEnum,
    SitemapCurationStatusEnum,
)
from .common import ORMModel


class DomainRecord(ORMModel):
    id: uuid.UUID
    domain: str
    status: Optional[DomainStatusEnum] = None
    title: Optional[str] = None
    description: Optional[str] = None
    email_addresses: Optional[List[str]] = None
    phone_numbers: Optional[List[str]] = None
    sitemap_curation_status: SitemapCurationStatusEnum
    sitemap_analysis_status: Optional[SitemapAnalysisStatusEnum] = None
    content_curation_status: DomainCurationStatusEnum
    content_scrape_status: Optional[ContentScrapeStatusEnum] = None
    created_at: datetime
    updated_at: datetime


class DomainCreateRequest(BaseModel):
    domains: List[str] = Field(..., min_length=1, max_length=500)

    @field_validator("domains")
    @classmethod
    def strip_domains(cls, value: List[str]) -> List[str]:
        return [d.strip().lower() for d in value if d and d.strip()]


class DomainCreateResponse(BaseModel):
    created: int
    skipped: int
    domain_ids: List[uuid.UUID]


class DomainSitemapCurationUpdateRequest(BaseModel):
    domain_ids: List[uuid.UUID] = Field(..., min_length=1)
    sitemap_curation_status: SitemapCurationStatusEnum


class DomainContentCurationUpdateRequest(BaseModel):
    domain_ids: List[uuid.UUID] = Field(..., min_length=1)
    content_curation_status: DomainCurationStatusEnum
