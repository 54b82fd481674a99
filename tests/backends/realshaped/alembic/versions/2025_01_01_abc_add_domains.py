"""add domains

Revision ID: abc
"""

import sqlalchemy as sa
from alembic import op

revision = "abc"
down_revision = None


def upgrade() -> None:
    op.create_table("domains", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("domains")
