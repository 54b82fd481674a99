"""Migration environment of the legacy schema (run by Alembic, never imported)."""

from alembic import context

from src.models import Base

target_metadata = Base.metadata
context.configure(target_metadata=target_metadata)
