"""Schemas for job status endpoints."""

from typing import Any, Dict, Optional

from pydantic import BaseModel


class JobStatusResponse(BaseModel):
    job_id: str
    job_type: str
    status: str
    progress: float = 0.0
    result_data: Optional[Dict[str, Any]] = None
    error: Optional[str] = None
    created_at: Optional[str] = None


class JobStatsResponse(BaseModel):
    total: int
    by_status: Dict[str, int]
    by_type: Dict[str, int]
