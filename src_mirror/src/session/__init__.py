"""Database session factory package."""

from .async_session import async_session_factory, get_background_session, get_session

__all__ = ["async_session_factory", "get_background_session", "get_session"]
