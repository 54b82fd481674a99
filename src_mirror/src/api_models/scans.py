"""Schemas for sitemap scans and email scans started from the API."""

import uuid
from typing import Optional

from pydantic import BaseModel, Field

from ..enums.status import TaskStatus


class SitemapScanRequest(BaseModel):
    base_url: str = Field(..., description="Domain or homepage URL to scan")
    max_pages: int = Field(default=1000, ge=1)


class EmailScanRequest(BaseModel):
    domain_id: uuid.UUID


class ScanStartedResponse(BaseModel):
    job_id: str
    status: TaskStatus = TaskStatus.PENDING
    status_url: str


class ScanStatusResponse(BaseModel):
    job_id: str
    status: str
    progress: float = 0.0
    error: Optional[str] = None
    result: Optional[dict] = None
