"""Domains to profile."""

import enum

from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class DomainStatusEnum(enum.Enum):
    pending = "pending"
    processing = "processing"
    completed = "completed"
    error = "error"


class Domain(Base):
    """A domain and where its profiling stands."""

    __tablename__ = "domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    domain: Mapped[str] = mapped_column(String(255), unique=True)
    status: Mapped[DomainStatusEnum] = mapped_column(
        Enum(DomainStatusEnum, name="domain_status"), default=DomainStatusEnum.pending
    )
    error_message: Mapped[str | None] = mapped_column(String, nullable=True)
