"""ORM models. Importing this package registers every table on ``Base.metadata``."""

from .base import Base
from .batch_job import BatchJob
from .contact import Contact
from .domain import Domain
from .enums import (
    BatchJobStatusEnum,
    ContentScrapeStatusEnum,
    DomainCurationStatusEnum,
    DomainStatusEnum,
    JobStatusEnum,
    SitemapAnalysisStatusEnum,
    SitemapCurationStatusEnum,
    SitemapImportCurationStatusEnum,
    SitemapImportProcessStatusEnum,
)
from .job import Job
from .local_business import DomainExtractionStatusEnum, LocalBusiness
from .page import Page, PageCurationStatus, PageProcessingStatus
from .place import GcpApiDeepScanStatusEnum, Place, PlaceStatusEnum
from .sitemap import SitemapFile, SitemapUrl

__all__ = [
    "Base",
    "BatchJob",
    "BatchJobStatusEnum",
    "Contact",
    "ContentScrapeStatusEnum",
    "Domain",
    "DomainCurationStatusEnum",
    "DomainExtractionStatusEnum",
    "DomainStatusEnum",
    "GcpApiDeepScanStatusEnum",
    "Job",
    "JobStatusEnum",
    "LocalBusiness",
    "Page",
    "PageCurationStatus",
    "PageProcessingStatus",
    "Place",
    "PlaceStatusEnum",
    "SitemapAnalysisStatusEnum",
    "SitemapCurationStatusEnum",
    "SitemapFile",
    "SitemapImportCurationStatusEnum",
    "SitemapImportProcessStatusEnum",
    "SitemapUrl",
]
