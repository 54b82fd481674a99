"""Schemas for batch page scraping."""

from datetime import datetime
from typing import List, Optional

from pydantic import BaseModel, Field, HttpUrl


class BatchRequest(BaseModel):
    domains: List[str] = Field(..., min_length=1, max_length=100)
    max_pages: int = Field(default=1000, ge=1, le=10000)
    max_concurrent_jobs: int = Field(default=3, ge=1, le=10)


class BatchResponse(BaseModel):
    batch_id: str
    status: str
    total_domains: int
    status_url: str


class BatchStatusResponse(BaseModel):
    batch_id: str
    status: str
    total_domains: int
    completed_domains: int
    failed_domains: int
    progress: float
    start_time: Optional[datetime] = None
    end_time: Optional[datetime] = None
    error: Optional[str] = None


class SinglePageRequest(BaseModel):
    url: HttpUrl
