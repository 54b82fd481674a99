"""Local businesses enriched from Google Maps place details."""

import enum
import uuid
from typing import Optional

from sqlalchemy import Enum, Float, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID as PGUUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin, UUIDPrimaryKeyMixin, enum_values
from .place import PlaceStatusEnum


class DomainExtractionStatusEnum(str, enum.Enum):
    Queued = "Queued"
    Processing = "Processing"
    Completed = "Completed"
    Error = "Error"


class LocalBusiness(Base, UUIDPrimaryKeyMixin, TimestampMixin):
    __tablename__ = "local_businesses"

    place_id: Mapped[str] = mapped_column(String(255), unique=True, index=True)
    business_name: Mapped[str] = mapped_column(String(512))
    full_address: Mapped[Optional[str]] = mapped_column(Text)
    city: Mapped[Optional[str]] = mapped_column(String(128))
    state: Mapped[Optional[str]] = mapped_column(String(64))
    phone: Mapped[Optional[str]] = mapped_column(String(64))
    website_url: Mapped[Optional[str]] = mapped_column(Text)
    rating: Mapped[Optional[float]] = mapped_column(Float)
    reviews_count: Mapped[Optional[int]] = mapped_column(Integer)
    main_category: Mapped[Optional[str]] = mapped_column(String(255))
    opening_hours: Mapped[Optional[dict]] = mapped_column(JSONB)
    additional_json: Mapped[Optional[dict]] = mapped_column(JSONB)
    created_by: Mapped[Optional[uuid.UUID]] = mapped_column(PGUUID(as_uuid=True))

    status: Mapped[PlaceStatusEnum] = mapped_column(
        Enum(PlaceStatusEnum, name="place_status_enum", values_callable=enum_values),
        default=PlaceStatusEnum.New,
        nullable=False,
    )
    domain_extraction_status: Mapped[Optional[DomainExtractionStatusEnum]] = mapped_column(
        Enum(DomainExtractionStatusEnum, name="domain_extraction_status_enum", values_callable=enum_values),
        nullable=True,
        index=True,
    )
    domain_extraction_error: Mapped[Optional[str]] = mapped_column(Text)

    domains = relationship("Domain", back_populates="local_business")
