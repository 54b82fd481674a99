"""Schemas for the places staging table."""

from datetime import datetime
from typing import List, Optional

from pydantic import BaseModel, Field

from ..models.place import GcpApiDeepScanStatusEnum, PlaceStatusEnum
from .common import ORMModel


class PlaceRecord(ORMModel):
    place_id: str
    name: str
    formatted_address: Optional[str] = None
    business_type: Optional[str] = None
    rating: Optional[float] = None
    website_url: Optional[str] = None
    status: PlaceStatusEnum
    deep_scan_status: Optional[GcpApiDeepScanStatusEnum] = None
    deep_scan_error: Optional[str] = None
    created_at: datetime


class PlaceStatusUpdateRequest(BaseModel):
    place_ids: List[str] = Field(..., min_length=1)
    status: PlaceStatusEnum


class LegacyPlaceSearchResult(BaseModel):
    place_id: str
    name: str
    address: Optional[str] = None
