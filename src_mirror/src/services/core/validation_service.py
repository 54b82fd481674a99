"""Input validation helpers shared by routers and services."""

import uuid
from typing import Iterable, List

from fastapi import HTTPException, status


class ValidationService:
    """Validation of identifiers and pagination arguments."""

    MAX_PAGE_SIZE = 200

    @staticmethod
    def parse_uuid(value: str, field: str = "id") -> uuid.UUID:
        try:
            return uuid.UUID(str(value))
        except (ValueError, TypeError):
            raise HTTPException(status_code=status.HTTP_400_BAD_REQUEST, detail=f"Invalid {field}: {value}")

    @classmethod
    def parse_uuid_list(cls, values: Iterable[str], field: str = "ids") -> List[uuid.UUID]:
        return [cls.parse_uuid(v, field) for v in values]

    @classmethod
    def clamp_page_size(cls, size: int) -> int:
        return max(1, min(size, cls.MAX_PAGE_SIZE))

    @staticmethod
    def offset(page: int, size: int) -> int:
        return max(page - 1, 0) * size


validation_service = ValidationService()
