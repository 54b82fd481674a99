"""Sitemap files discovered for a domain, and the URLs they list."""

import uuid
from datetime import datetime
from typing import Optional

from sqlalchemy import DateTime, Enum, Float, ForeignKey, Integer, String, Text
from sqlalchemy.dialects.postgresql import UUID as PGUUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin, UUIDPrimaryKeyMixin, enum_values
from .enums import SitemapImportCurationStatusEnum, SitemapImportProcessStatusEnum


class SitemapFile(Base, UUIDPrimaryKeyMixin, TimestampMixin):
    __tablename__ = "sitemap_files"

    domain_id: Mapped[uuid.UUID] = mapped_column(
        PGUUID(as_uuid=True), ForeignKey("domains.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(Text, nullable=False)
    sitemap_type: Mapped[Optional[str]] = mapped_column(String(32))
    discovery_method: Mapped[Optional[str]] = mapped_column(String(32))
    is_gzipped: Mapped[bool] = mapped_column(default=False)
    url_count: Mapped[int] = mapped_column(Integer, default=0)
    last_modified: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    job_id: Mapped[Optional[uuid.UUID]] = mapped_column(PGUUID(as_uuid=True))

    deep_scrape_curation_status: Mapped[SitemapImportCurationStatusEnum] = mapped_column(
        Enum(
            SitemapImportCurationStatusEnum,
            name="sitemap_import_curation_status_enum",
            values_callable=enum_values,
        ),
        default=SitemapImportCurationStatusEnum.New,
        nullable=False,
    )
    sitemap_import_status: Mapped[Optional[SitemapImportProcessStatusEnum]] = mapped_column(
        Enum(
            SitemapImportProcessStatusEnum,
            name="sitemap_import_process_status_enum",
            values_callable=enum_values,
        ),
        nullable=True,
        index=True,
    )
    sitemap_import_error: Mapped[Optional[str]] = mapped_column(Text)

    domain = relationship("Domain", back_populates="sitemap_files")
    urls = relationship("SitemapUrl", back_populates="sitemap", cascade="all, delete-orphan")


class SitemapUrl(Base, UUIDPrimaryKeyMixin, TimestampMixin):
    __tablename__ = "sitemap_urls"

    sitemap_id: Mapped[uuid.UUID] = mapped_column(
        PGUUID(as_uuid=True), ForeignKey("sitemap_files.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(Text, nullable=False)
    lastmod: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    changefreq: Mapped[Optional[str]] = mapped_column(String(16))
    priority: Mapped[Optional[float]] = mapped_column(Float)

    sitemap = relationship("SitemapFile", back_populates="urls")
