"""Google Maps places found by searches (staging table ``places_staging``)."""

import enum
import uuid
from typing import Optional

from sqlalchemy import Enum, Float, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID as PGUUID
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, TimestampMixin, enum_values


class PlaceStatusEnum(str, enum.Enum):
    New = "New"
    Selected = "Selected"
    Maybe = "Maybe"
    Not_a_Fit = "Not a Fit"
    Archived = "Archived"


class GcpApiDeepScanStatusEnum(str, enum.Enum):
    Queued = "Queued"
    Processing = "Processing"
    Completed = "Completed"
    Error = "Error"


class Place(Base, TimestampMixin):
    __tablename__ = "places_staging"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    place_id: Mapped[str] = mapped_column(String(255), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(512))
    formatted_address: Mapped[Optional[str]] = mapped_column(Text)
    business_type: Mapped[Optional[str]] = mapped_column(String(128))
    rating: Mapped[Optional[float]] = mapped_column(Float)
    user_ratings_total: Mapped[Optional[int]] = mapped_column(Integer)
    website_url: Mapped[Optional[str]] = mapped_column(Text)
    phone: Mapped[Optional[str]] = mapped_column(String(64))
    search_query: Mapped[Optional[str]] = mapped_column(Text)
    search_location: Mapped[Optional[str]] = mapped_column(Text)
    search_job_id: Mapped[Optional[uuid.UUID]] = mapped_column(PGUUID(as_uuid=True), index=True)
    # Legacy multi-tenant column; no longer used for filtering.
    tenant_id: Mapped[Optional[uuid.UUID]] = mapped_column(PGUUID(as_uuid=True))
    raw_data: Mapped[Optional[dict]] = mapped_column(JSONB)

    status: Mapped[PlaceStatusEnum] = mapped_column(
        Enum(PlaceStatusEnum, name="place_status_enum", values_callable=enum_values),
        default=PlaceStatusEnum.New,
        nullable=False,
        index=True,
    )
    deep_scan_status: Mapped[Optional[GcpApiDeepScanStatusEnum]] = mapped_column(
        Enum(GcpApiDeepScanStatusEnum, name="gcp_api_deep_scan_status_enum", values_callable=enum_values),
        nullable=True,
        index=True,
    )
    deep_scan_error: Mapped[Optional[str]] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<Place {self.place_id} {self.name!r} status={self.status}>"
