"""Generic background job records (sitemap analysis, email scans)."""

import uuid
from typing import Optional

from sqlalchemy import Enum, Float, ForeignKey, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID as PGUUID
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, TimestampMixin, enum_values
from .enums import JobStatusEnum


class Job(Base, TimestampMixin):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[uuid.UUID] = mapped_column(PGUUID(as_uuid=True), unique=True, default=uuid.uuid4)
    job_type: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[JobStatusEnum] = mapped_column(
        Enum(JobStatusEnum, name="job_status_enum", values_callable=enum_values),
        nullable=False,
        index=True,
    )
    domain_id: Mapped[Optional[uuid.UUID]] = mapped_column(PGUUID(as_uuid=True), ForeignKey("domains.id"))
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    result_data: Mapped[Optional[dict]] = mapped_column(JSONB)
    error: Mapped[Optional[str]] = mapped_column(Text)
    created_by: Mapped[Optional[uuid.UUID]] = mapped_column(PGUUID(as_uuid=True))

    def to_dict(self) -> dict:
        return {
            "job_id": str(self.job_id),
            "job_type": self.job_type,
            "status": self.status.value if self.status else None,
            "progress": self.progress,
            "result_data": self.result_data,
            "error": self.error,
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }
