"""Schemas for contact curation."""

import uuid
from typing import List, Optional

from pydantic import BaseModel, EmailStr, Field

from ..enums.contact import ContactCurationStatus, HubSpotSyncStatus
from .common import ORMModel


class ContactRecord(ORMModel):
    id: uuid.UUID
    domain_id: uuid.UUID
    email: EmailStr
    email_type: Optional[str] = None
    name: Optional[str] = None
    phone: Optional[str] = None
    contact_curation_status: ContactCurationStatus
    hubspot_sync_status: Optional[HubSpotSyncStatus] = None


class ContactCurationUpdateRequest(BaseModel):
    contact_ids: List[uuid.UUID] = Field(..., min_length=1)
    curation_status: ContactCurationStatus
