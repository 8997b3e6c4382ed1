"""Webhook event ids already processed, so a redelivered event changes nothing the second time."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ProcessedEvent


async def first_delivery(session: AsyncSession, channel: str, event_id: str, now: dt.datetime) -> bool:
    """Record the event; True the first time it is seen, False for a redelivery (in any process)."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(ProcessedEvent)
        .values(channel=channel, event_id=event_id, received_at=now)
        .on_conflict_do_nothing(index_elements=["channel", "event_id"])
    )
    result = await session.execute(statement)
    return bool(result.rowcount)  # type: ignore[attr-defined]
