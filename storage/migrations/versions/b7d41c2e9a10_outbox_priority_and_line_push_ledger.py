"""outbox priorities and delivery state; the ledger of LINE pushes per month

Revision ID: b7d41c2e9a10
Revises: f33be08acc09
Create Date: 2026-12-03 08:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "b7d41c2e9a10"
down_revision = "f33be08acc09"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("priority", sa.SmallInteger(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("repeatable", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.drop_index("ix_outbox_pending")
        batch_op.drop_index(batch_op.f("ix_outbox_contact_id"))
        batch_op.create_index("ix_outbox_queue", ["status", "priority", "id"], unique=False)
        batch_op.create_index("ix_outbox_contact_queue", ["contact_id", "priority", "id"], unique=False)
    op.create_table(
        "line_push_months",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("pushes", sa.Integer(), nullable=False),
        sa.Column("quota_limit", sa.Integer(), nullable=True),
        sa.Column("quota_used", sa.Integer(), nullable=True),
        sa.Column("quota_read_at", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("month"),
    )


def downgrade() -> None:
    op.drop_table("line_push_months")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_contact_queue")
        batch_op.drop_index("ix_outbox_queue")
        batch_op.create_index(batch_op.f("ix_outbox_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index("ix_outbox_pending", ["status", "next_attempt_at"], unique=False)
        batch_op.drop_column("repeatable")
        batch_op.drop_column("priority")
