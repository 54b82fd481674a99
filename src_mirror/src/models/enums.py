"""
Enums backing the status columns of the core models.

These map one-to-one onto Postgres ENUM types created by migrations.
"""

import enum


class DomainStatusEnum(str, enum.Enum):
    """Homepage metadata scan status of a domain (``domains.status``)."""

    pending = "pending"
    processing = "processing"
    completed = "completed"
    error = "error"


class SitemapCurationStatusEnum(str, enum.Enum):
    New = "New"
    Selected = "Selected"
    Maybe = "Maybe"
    Not_a_Fit = "Not a Fit"
    Archived = "Archived"


class SitemapAnalysisStatusEnum(str, enum.Enum):
    Queued = "Queued"
    Processing = "Processing"
    Submitted = "Submitted"
    Failed = "Failed"


class DomainCurationStatusEnum(str, enum.Enum):
    """Curation of a domain for deep content scraping."""

    New = "New"
    Selected = "Selected"
    Rejected = "Rejected"
    Skipped = "Skipped"


class ContentScrapeStatusEnum(str, enum.Enum):
    Queued = "Queued"
    Processing = "Processing"
    Completed = "Completed"
    Error = "Error"


class SitemapImportCurationStatusEnum(str, enum.Enum):
    New = "New"
    Selected = "Selected"
    Maybe = "Maybe"
    Not_a_Fit = "Not a Fit"
    Archived = "Archived"


class SitemapImportProcessStatusEnum(str, enum.Enum):
    """Import pipeline status of a sitemap file (``sitemap_files.sitemap_import_status``)."""

    Queued = "Queued"
    Processing = "Processing"
    Completed = "Completed"
    Error = "Error"
    Submitted = "Submitted"


class JobStatusEnum(str, enum.Enum):
    pending = "pending"
    running = "running"
    complete = "complete"
    failed = "failed"


class BatchJobStatusEnum(str, enum.Enum):
    queued = "queued"
    processing = "processing"
    completed = "completed"
    failed = "failed"
    cancelled = "cancelled"
