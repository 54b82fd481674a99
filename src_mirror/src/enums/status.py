"""
Shared status enums used by API schemas and services.

Note: some of these mirror the column enums in ``src.models.enums``.
"""

import enum


class TaskStatus(str, enum.Enum):
    """Lifecycle of a FastAPI background task as reported to API clients."""

    PENDING = "pending"
    RUNNING = "running"
    COMPLETE = "complete"
    FAILED = "failed"


class SitemapImportProcessStatusEnum(str, enum.Enum):
    Queued = "queued"
    Processing = "processing"
    Completed = "completed"
    Error = "error"
    Submitted = "submitted"


class SortOrder(str, enum.Enum):
    asc = "asc"
    desc = "desc"
