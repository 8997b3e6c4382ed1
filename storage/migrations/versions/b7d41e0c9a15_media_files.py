"""media files: photos, voice notes, videos and documents of a case; their count in the analytic log

Revision ID: b7d41e0c9a15
Revises: b7d41c2e9a10
Create Date: 2026-12-03 08:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "b7d41e0c9a15"
down_revision = "b7d41c2e9a10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "media_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("mime", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("preview", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token"),
    )
    op.create_index(op.f("ix_media_files_case_id"), "media_files", ["case_id"], unique=False)
    op.create_index(op.f("ix_media_files_contact_id"), "media_files", ["contact_id"], unique=False)
    with op.batch_alter_table("analytic_cases") as batch:
        batch.add_column(sa.Column("media", sa.JSON(), nullable=False, server_default="{}"))
    with op.batch_alter_table("analytic_cases") as batch:
        batch.alter_column("media", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("analytic_cases") as batch:
        batch.drop_column("media")
    op.drop_index(op.f("ix_media_files_contact_id"), table_name="media_files")
    op.drop_index(op.f("ix_media_files_case_id"), table_name="media_files")
    op.drop_table("media_files")
