"""Schemas for page curation."""

import uuid
from typing import List, Optional

from pydantic import BaseModel, Field

from ..models.page import PageCurationStatus, PageProcessingStatus
from .common import ORMModel


class PageRecord(ORMModel):
    id: uuid.UUID
    domain_id: uuid.UUID
    url: str
    title: Optional[str] = None
    page_type: Optional[str] = None
    page_curation_status: PageCurationStatus
    page_processing_status: Optional[PageProcessingStatus] = None
    page_processing_error: Optional[str] = None


class PageCurationUpdateRequest(BaseModel):
    page_ids: List[uuid.UUID] = Field(..., min_length=1)
    curation_status: PageCurationStatus
