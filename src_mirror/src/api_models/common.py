"""Shared API schema pieces."""

from typing import Generic, List, Optional, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class PaginatedResponse(BaseModel, Generic[T]):
    items: List[T]
    total: int
    page: int = 1
    size: int = 50
    pages: int = 0


class BatchUpdateResponse(BaseModel):
    updated_count: int = Field(..., description="Rows whose curation status changed")
    queued_count: int = Field(0, description="Rows queued for background processing")


class ORMModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ErrorDetail(BaseModel):
    detail: str
    code: Optional[str] = None
