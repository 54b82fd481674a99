"""Cross-cutting service helpers (validation; the deprecated error service)."""

from .validation_service import ValidationService, validation_service

__all__ = ["ValidationService", "validation_service"]
