"""outbox: a person's queue indexed by status, so a claim does not read through their sent messages

Revision ID: c4e8a1f2b6d3
Revises: 5b1e2c7d9a10
Create Date: 2026-12-03 21:30:00
"""

from __future__ import annotations

from alembic import op

revision = "c4e8a1f2b6d3"
down_revision = "5b1e2c7d9a10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_contact_queue")
        batch_op.create_index("ix_outbox_contact_status", ["contact_id", "priority", "status", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_contact_status")
        batch_op.create_index("ix_outbox_contact_queue", ["contact_id", "priority", "id"], unique=False)
