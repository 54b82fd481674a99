"""Pages of a domain, imported from sitemaps or found while crawling."""

import enum
import uuid
from typing import Optional

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID as PGUUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin, UUIDPrimaryKeyMixin, enum_values


class PageCurationStatus(str, enum.Enum):
    New = "New"
    Selected = "Selected"
    Maybe = "Maybe"
    Not_a_Fit = "Not a Fit"
    Archived = "Archived"


class PageProcessingStatus(str, enum.Enum):
    Queued = "Queued"
    Processing = "Processing"
    Complete = "Complete"
    Error = "Error"


class Page(Base, UUIDPrimaryKeyMixin, TimestampMixin):
    __tablename__ = "pages"

    domain_id: Mapped[uuid.UUID] = mapped_column(PGUUID(as_uuid=True), ForeignKey("domains.id"), index=True)
    sitemap_file_id: Mapped[Optional[uuid.UUID]] = mapped_column(
        PGUUID(as_uuid=True), ForeignKey("sitemap_files.id"), nullable=True
    )
    url: Mapped[str] = mapped_column(Text, nullable=False)
    title: Mapped[Optional[str]] = mapped_column(Text)
    description: Mapped[Optional[str]] = mapped_column(Text)
    page_type: Mapped[Optional[str]] = mapped_column(String(64))
    lead_source: Mapped[Optional[str]] = mapped_column(String(64))
    scraped_content: Mapped[Optional[str]] = mapped_column(Text)
    additional_json: Mapped[Optional[dict]] = mapped_column(JSONB)

    page_curation_status: Mapped[PageCurationStatus] = mapped_column(
        Enum(PageCurationStatus, name="page_curation_status", values_callable=enum_values),
        default=PageCurationStatus.New,
        nullable=False,
    )
    page_processing_status: Mapped[Optional[PageProcessingStatus]] = mapped_column(
        Enum(PageProcessingStatus, name="page_processing_status", values_callable=enum_values),
        nullable=True,
        index=True,
    )
    page_processing_error: Mapped[Optional[str]] = mapped_column(Text)

    domain = relationship("Domain", back_populates="pages")
    contacts = relationship("Contact", back_populates="page")
