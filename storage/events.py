"""Webhook event ids already processed, so a redelivered event changes nothing the second time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import sqlite_connection, sqlite_time
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

_RECORD_RETURNING = {name: statement.returning(ProcessedEvent.event_id) for name, statement in _RECORD.items()}


async def first_delivery(session: AsyncSession, channel: str, event_id: str, now: dt.datetime) -> bool:
    """Record the event; True the first time it is seen, False for a redelivery (in any process)."""
    connection = await session.connection()  # Core: nothing of the ORM's is involved
    statement = _RECORD[connection.dialect.name]
    result = await connection.execute(statement, {"channel": channel, "event_id": event_id, "received_at": now})
    return bool(result.rowcount)


_DELIVERED = select(ProcessedEvent.event_id).where(
    ProcessedEvent.channel == bindparam("channel"), ProcessedEvent.event_id.in_(bindparam("ids", expanding=True))
)
_SQLITE_RECORD = (
    "INSERT INTO processed_events (channel, event_id, received_at) VALUES (?, ?, ?) "
    "ON CONFLICT (channel, event_id) DO NOTHING"
)


async def delivered_before(session: AsyncSession, events: Collection[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these (channel, event id) pairs were recorded already: for a batch of events, in one query per
    channel. The batch records the others with `record_deliveries` when it is done."""
    found: set[tuple[str, str]] = set()
    sqlite = await sqlite_connection(session)
    connection = None if sqlite is not None else await session.connection()
    for channel in {channel for channel, _ in events}:
        ids = [event_id for other, event_id in events if other == channel]
        if sqlite is not None:
            marks = ", ".join("?" * len(ids))
            query = f"SELECT event_id FROM processed_events WHERE channel = ? AND event_id IN ({marks})"  # noqa: S608
            found.update((channel, event_id) for (event_id,) in sqlite.execute(query, (channel, *ids)))
        elif connection is not None:
            result = await connection.execute(_DELIVERED, {"channel": channel, "ids": ids})
            found.update((channel, event_id) for event_id in result.scalars())
    return found


async def record_deliveries(session: AsyncSession, events: Sequence[tuple[str, str]], now: dt.datetime) -> bool:
    """Record events processed together (after `delivered_before` said none of them was). False when one of them
    was recorded meanwhile, by another process: then the caller must roll back what it did for them."""
    if not events:
        return True
    sqlite = await sqlite_connection(session)
    if sqlite is not None:
        at = sqlite_time(now)
        cursor = sqlite.executemany(_SQLITE_RECORD, [(channel, event_id, at) for channel, event_id in events])
        return cursor.rowcount == len(events)
    connection = await session.connection()
    statement = _RECORD_RETURNING[connection.dialect.name]
    values = [{"channel": channel, "event_id": event_id, "received_at": now} for channel, event_id in events]
    recorded = (await connection.execute(statement, values)).all()
    return len(recorded) == len(events)
