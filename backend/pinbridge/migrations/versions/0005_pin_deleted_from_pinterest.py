"""pins.deleted_from_pinterest_at

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import pinbridge.db

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pins", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("deleted_from_pinterest_at", pinbridge.db.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("pins", schema=None) as batch_op:
        batch_op.drop_column("deleted_from_pinterest_at")
