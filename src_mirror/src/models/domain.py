"""Domains discovered from local businesses or submitted directly."""

import uuid
from datetime import datetime
from typing import Optional

from sqlalchemy import DateTime, Enum, ForeignKey, String, Text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID as PGUUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin, UUIDPrimaryKeyMixin, enum_values
from .enums import (
    ContentScrapeStatusEnum,
    DomainCurationStatusEnum,
    DomainStatusEnum,
    SitemapAnalysisStatusEnum,
    SitemapCurationStatusEnum,
)


class Domain(Base, UUIDPrimaryKeyMixin, TimestampMixin):
    __tablename__ = "domains"

    domain: Mapped[str] = mapped_column(String(255), unique=True, index=True)
    local_business_id: Mapped[Optional[uuid.UUID]] = mapped_column(
        PGUUID(as_uuid=True), ForeignKey("local_businesses.id"), nullable=True
    )
    created_by: Mapped[Optional[uuid.UUID]] = mapped_column(PGUUID(as_uuid=True))

    # Homepage metadata, filled by the domain scheduler.
    status: Mapped[Optional[DomainStatusEnum]] = mapped_column(
        Enum(DomainStatusEnum, name="domain_status_enum", values_callable=enum_values),
        nullable=True,
        index=True,
    )
    title: Mapped[Optional[str]] = mapped_column(Text)
    description: Mapped[Optional[str]] = mapped_column(Text)
    favicon_url: Mapped[Optional[str]] = mapped_column(Text)
    logo_url: Mapped[Optional[str]] = mapped_column(Text)
    language: Mapped[Optional[str]] = mapped_column(String(16))
    is_wordpress: Mapped[Optional[bool]] = mapped_column(default=None)
    wordpress_version: Mapped[Optional[str]] = mapped_column(String(32))
    email_addresses: Mapped[Optional[list[str]]] = mapped_column(ARRAY(String))
    phone_numbers: Mapped[Optional[list[str]]] = mapped_column(ARRAY(String))
    social_links: Mapped[Optional[dict]] = mapped_column(JSONB)
    tech_stack: Mapped[Optional[dict]] = mapped_column(JSONB)
    domain_metadata: Mapped[Optional[dict]] = mapped_column("meta_json", JSONB)
    last_scan: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    error_message: Mapped[Optional[str]] = mapped_column(Text)

    # Sitemap curation (dual status).
    sitemap_curation_status: Mapped[SitemapCurationStatusEnum] = mapped_column(
        Enum(SitemapCurationStatusEnum, name="sitemap_curation_status_enum", values_callable=enum_values),
        default=SitemapCurationStatusEnum.New,
        nullable=False,
    )
    sitemap_analysis_status: Mapped[Optional[SitemapAnalysisStatusEnum]] = mapped_column(
        Enum(SitemapAnalysisStatusEnum, name="sitemap_analysis_status_enum", values_callable=enum_values),
        nullable=True,
        index=True,
    )
    sitemap_analysis_error: Mapped[Optional[str]] = mapped_column(Text)

    # Deep content curation (dual status).
    content_curation_status: Mapped[DomainCurationStatusEnum] = mapped_column(
        Enum(DomainCurationStatusEnum, name="domain_curation_status_enum", values_callable=enum_values),
        default=DomainCurationStatusEnum.New,
        nullable=False,
    )
    content_scrape_status: Mapped[Optional[ContentScrapeStatusEnum]] = mapped_column(
        Enum(ContentScrapeStatusEnum, name="content_scrape_status_enum", values_callable=enum_values),
        nullable=True,
        index=True,
    )
    content_scrape_error: Mapped[Optional[str]] = mapped_column(Text)

    local_business = relationship("LocalBusiness", back_populates="domains")
    sitemap_files = relationship("SitemapFile", back_populates="domain", cascade="all, delete-orphan")
    pages = relationship("Page", back_populates="domain")
    contacts = relationship("Contact", back_populates="domain")

    def __repr__(self) -> str:
        return f"<Domain {self.domain} status={self.status}>"
