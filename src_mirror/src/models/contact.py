"""Contacts (emails, phones) harvested from domain pages."""

import uuid
from typing import Optional

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import UUID as PGUUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums.contact import ContactCurationStatus, ContactEnrichmentStatus, HubSpotSyncStatus
from .base import Base, TimestampMixin, UUIDPrimaryKeyMixin, enum_values


class Contact(Base, UUIDPrimaryKeyMixin, TimestampMixin):
    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("domain_id", "email", name="uq_contact_domain_email"),)

    domain_id: Mapped[uuid.UUID] = mapped_column(PGUUID(as_uuid=True), ForeignKey("domains.id"), index=True)
    page_id: Mapped[Optional[uuid.UUID]] = mapped_column(PGUUID(as_uuid=True), ForeignKey("pages.id"))
    email: Mapped[str] = mapped_column(String(320), nullable=False)
    email_type: Mapped[Optional[str]] = mapped_column(String(32))
    name: Mapped[Optional[str]] = mapped_column(String(255))
    phone: Mapped[Optional[str]] = mapped_column(String(64))
    source_url: Mapped[Optional[str]] = mapped_column(Text)

    contact_curation_status: Mapped[ContactCurationStatus] = mapped_column(
        Enum(ContactCurationStatus, name="contact_curation_status", values_callable=enum_values),
        default=ContactCurationStatus.New,
        nullable=False,
    )
    hubspot_sync_status: Mapped[Optional[HubSpotSyncStatus]] = mapped_column(
        Enum(HubSpotSyncStatus, name="hubspot_sync_status", values_callable=enum_values),
        nullable=True,
    )
    hubspot_processing_error: Mapped[Optional[str]] = mapped_column(Text)

    enrichment_status: Mapped[Optional[ContactEnrichmentStatus]] = mapped_column(
        Enum(ContactEnrichmentStatus, name="contact_enrichment_status", values_callable=enum_values),
        nullable=True,
    )
    enrichment_error: Mapped[Optional[str]] = mapped_column(Text)

    domain = relationship("Domain", back_populates="contacts")
    page = relationship("Page", back_populates="contacts")
