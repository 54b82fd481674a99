"""Batch page-scraping jobs."""

import uuid
from datetime import datetime
from typing import Optional

from sqlalchemy import DateTime, Enum, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID as PGUUID
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, TimestampMixin, UUIDPrimaryKeyMixin, enum_values
from .enums import BatchJobStatusEnum


class BatchJob(Base, UUIDPrimaryKeyMixin, TimestampMixin):
    __tablename__ = "batch_jobs"

    batch_id: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    processor_type: Mapped[str] = mapped_column(String(64))
    status: Mapped[BatchJobStatusEnum] = mapped_column(
        Enum(BatchJobStatusEnum, name="batch_job_status_enum", values_callable=enum_values),
        nullable=False,
        index=True,
    )
    total_domains: Mapped[int] = mapped_column(Integer, default=0)
    completed_domains: Mapped[int] = mapped_column(Integer, default=0)
    failed_domains: Mapped[int] = mapped_column(Integer, default=0)
    domains: Mapped[Optional[list]] = mapped_column(JSONB)
    options: Mapped[Optional[dict]] = mapped_column(JSONB)
    results: Mapped[Optional[dict]] = mapped_column(JSONB)
    error: Mapped[Optional[str]] = mapped_column(Text)
    start_time: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    end_time: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[Optional[uuid.UUID]] = mapped_column(PGUUID(as_uuid=True))

    @property
    def progress(self) -> float:
        if not self.total_domains:
            return 0.0
        done = (self.completed_domains or 0) + (self.failed_domains or 0)
        return round(done / self.total_domains, 3)
