"""Shared enums used across API schemas, models and services."""

from .contact import ContactCurationStatus, ContactEnrichmentStatus, HubSpotSyncStatus
from .status import SortOrder, TaskStatus

__all__ = [
    "ContactCurationStatus",
    "ContactEnrichmentStatus",
    "HubSpotSyncStatus",
    "SortOrder",
    "TaskStatus",
]
