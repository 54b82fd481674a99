"""Enums for the contact curation and downstream sync pipeline."""

import enum


class ContactCurationStatus(str, enum.Enum):
    New = "New"
    Selected = "Selected"
    Rejected = "Rejected"
    Archived = "Archived"


class HubSpotSyncStatus(str, enum.Enum):
    Queued = "Queued"
    Processing = "Processing"
    Complete = "Complete"
    Error = "Error"
    Skipped = "Skipped"


class ContactEnrichmentStatus(str, enum.Enum):
    Queued = "Queued"
    Processing = "Processing"
    Complete = "Complete"
    Error = "Error"
