"""Alembic environment: runs the migrations against the configured database."""

from alembic import context

from src.config.settings import settings
from src.models import Base

config = context.config
config.set_main_option("sqlalchemy.url", settings.database_url)
target_metadata = Base.metadata
