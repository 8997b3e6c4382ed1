"""the consultation day's follow-up gets its own timer kind

Revision ID: 5d2a9c71e4b0
Revises: b7d41e0c9a15
Create Date: 2026-12-03 07:40:00

Until now the day's follow-up and a supporter's own follow-up reminder were both kind "follow_up", and only
the case reminder's effect ran. A day follow-up is the one armed by a day's close, with no "days" in its
payload; it becomes "day_follow_up". A supporter's reminder (payload {"days": n}) keeps "follow_up".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '5d2a9c71e4b0'
down_revision = 'b7d41e0c9a15'
branch_labels = None
depends_on = None

timers = sa.table(
    'timers',
    sa.column('id', sa.Integer()),
    sa.column('kind', sa.String(32)),
    sa.column('ref', sa.String(64)),
    sa.column('payload', sa.JSON()),
)


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(timers.c.id, timers.c.payload).where(timers.c.kind == 'follow_up')).all()
    day_ids = [row.id for row in rows if 'days' not in (row.payload or {})]
    if day_ids:
        bind.execute(timers.update().where(timers.c.id.in_(day_ids)).values(kind='day_follow_up'))


def downgrade() -> None:
    bind = op.get_bind()
    # One timer per (kind, ref): where a case has both, the supporter's reminder stays.
    reminders = timers.alias('reminders')
    taken = sa.select(reminders.c.ref).where(reminders.c.kind == 'follow_up')
    bind.execute(timers.delete().where(timers.c.kind == 'day_follow_up', timers.c.ref.in_(taken)))
    bind.execute(timers.update().where(timers.c.kind == 'day_follow_up').values(kind='follow_up'))
