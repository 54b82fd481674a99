"""init

Revision ID: 0001
"""

from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.execute("CREATE SCHEMA IF NOT EXISTS legacy")


def downgrade() -> None:
    op.execute("DROP SCHEMA legacy")
