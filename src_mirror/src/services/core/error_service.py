"""
Custom error translation service.

Deprecated: endpoints should raise ``HTTPException`` and rely on FastAPI's
native handlers. This module survives only until its last callers are migrated.
"""

import logging
import traceback
from typing import Any, Dict, Optional

from fastapi import HTTPException, Request, status
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

logger = logging.getLogger(__name__)


class ErrorService:
    """Maps arbitrary exceptions onto HTTP errors with a uniform payload."""

    @staticmethod
    def error_payload(message: str, code: str, details: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        return {"error": True, "message": message, "code": code, "details": details or {}}

    @staticmethod
    def handle_exception(exc: Exception, context: str = "") -> HTTPException:
        """Convert ``exc`` to an HTTPException, logging it with ``context``."""
        if isinstance(exc, HTTPException):
            return exc
        logger.error("Error in %s: %s\n%s", context or "request", exc, traceback.format_exc())
        if isinstance(exc, IntegrityError):
            return HTTPException(status_code=status.HTTP_409_CONFLICT, detail="Conflicting record")
        if isinstance(exc, SQLAlchemyError):
            return HTTPException(status_code=status.HTTP_503_SERVICE_UNAVAILABLE, detail="Database error")
        if isinstance(exc, ValueError):
            return HTTPException(status_code=status.HTTP_400_BAD_REQUEST, detail=str(exc))
        return HTTPException(status_code=status.HTTP_500_INTERNAL_SERVER_ERROR, detail="Internal server error")

    @staticmethod
    async def global_exception_handler(request: Request, exc: Exception) -> JSONResponse:
        http_exc = ErrorService.handle_exception(exc, f"{request.method} {request.url.path}")
        return JSONResponse(
            status_code=http_exc.status_code,
            content=ErrorService.error_payload(str(http_exc.detail), code=f"HTTP_{http_exc.status_code}"),
        )


error_service = ErrorService()
