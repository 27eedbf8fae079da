"""pin indexes for the sweep, the queue position and filtered lists (issue 21, bench/scale.py)

- ``ix_pins_account_id_status_due``: an account's queued pins with the columns their queue
  position is computed from, so counting the pins ahead of one (every accept, GET and list page)
  and the rate meter's backlog are index-only scans of that account's queue instead of visiting
  every pin row of the account (or every queued pin of every account).
- ``ix_pins_workspace_id_status_id``: ``GET /v1/pins?status=…`` pages in id order without reading
  the workspace's other pins.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 08:10:00.000000
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_pins_account_id_status_due", "pins", ["account_id", "status", "next_attempt_at", "created_at", "id"]
    )
    op.create_index("ix_pins_workspace_id_status_id", "pins", ["workspace_id", "status", "id"])


def downgrade() -> None:
    op.drop_index("ix_pins_workspace_id_status_id", table_name="pins")
    op.drop_index("ix_pins_account_id_status_due", table_name="pins")
