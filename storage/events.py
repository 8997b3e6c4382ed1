"""Webhook event ids already processed, so a redelivered event changes nothing the second time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ProcessedEvent

_VALUES = {
    "channel": bindparam("channel"),
    "event_id": bindparam("event_id"),
    "received_at": bindparam("received_at", type_=ProcessedEvent.received_at.type),
}
# Built once per dialect (the message path): the values come in as bound parameters.
_RECORD: dict[str, Any] = {
    "postgresql": pg_insert(ProcessedEvent)
    .values(_VALUES)
    .on_conflict_do_nothing(index_elements=["channel", "event_id"]),
    "sqlite": sqlite_insert(ProcessedEvent)
    .values(_VALUES)
    .on_conflict_do_nothing(index_elements=["channel", "event_id"]),
}


async def first_delivery(session: AsyncSession, channel: str, event_id: str, now: dt.datetime) -> bool:
    """Record the event; True the first time it is seen, False for a redelivery (in any process)."""
    connection = await session.connection()  # Core: nothing of the ORM's is involved
    statement = _RECORD[connection.dialect.name]
    result = await connection.execute(statement, {"channel": channel, "event_id": event_id, "received_at": now})
    return bool(result.rowcount)
