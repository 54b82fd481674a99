"""Schemas for local business curation."""

import uuid
from typing import List, Optional

from pydantic import BaseModel, Field

from ..models.local_business import DomainExtractionStatusEnum
from ..models.place import PlaceStatusEnum
from .common import ORMModel


class LocalBusinessRecord(ORMModel):
    id: uuid.UUID
    place_id: str
    business_name: str
    website_url: Optional[str] = None
    status: PlaceStatusEnum
    domain_extraction_status: Optional[DomainExtractionStatusEnum] = None
    domain_extraction_error: Optional[str] = None


class LocalBusinessBatchStatusUpdateRequest(BaseModel):
    local_business_ids: List[uuid.UUID] = Field(..., min_length=1)
    status: PlaceStatusEnum
