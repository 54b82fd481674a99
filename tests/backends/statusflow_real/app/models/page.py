import enum

from sqlalchemy import Enum as SAEnum
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base


class TaskStatus(str, enum.Enum):
    NEW = "New"
    QUEUED = "Queued"
    PROCESSING = "Processing"
    COMPLETE = "Complete"
    ERROR = "Error"


class DisplayStatus(str, enum.Enum):
    VISIBLE = "visible"
    HIDDEN = "hidden"


class Page(Base):
    __tablename__ = "pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    status: Mapped[TaskStatus] = mapped_column(SAEnum(TaskStatus), default=TaskStatus.NEW)
    scrape_status: Mapped[TaskStatus | None] = mapped_column(SAEnum(TaskStatus))
    display_status: Mapped[DisplayStatus] = mapped_column(
        SAEnum(DisplayStatus), default=DisplayStatus.VISIBLE
    )


class Domain(Base):
    __tablename__ = "domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    status: Mapped[TaskStatus] = mapped_column(SAEnum(TaskStatus), default=TaskStatus.NEW)
    verify_status: Mapped[TaskStatus | None] = mapped_column(SAEnum(TaskStatus))
    index_status: Mapped[TaskStatus] = mapped_column(SAEnum(TaskStatus), default=TaskStatus.QUEUED)
