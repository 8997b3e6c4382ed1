"""The outbox: messages written with the state change they report, sent later by the sender with retries."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Contact, OutboxMessage


def enqueue(
    session: AsyncSession,
    contact_id: int,
    body: dict[str, Any],
    now: dt.datetime,
    *,
    reply_token: str | None = None,
    reply_token_expires_at: dt.datetime | None = None,
) -> OutboxMessage:
    row = OutboxMessage(
        contact_id=contact_id,
        body=body,
        reply_token=reply_token,
        reply_token_expires_at=reply_token_expires_at,
        retry_key=str(uuid.uuid4()),
        status="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(row)
    return row


async def claim_due(session: AsyncSession, now: dt.datetime, limit: int = 100) -> Sequence[OutboxMessage]:
    """Pending messages due now, oldest first, locked against other senders on PostgreSQL.

    On SQLite, BEGIN IMMEDIATE already makes the claiming transaction the only writer.
    """
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.scalars(query)).all()


async def due_again(session: AsyncSession, channel: str, now: dt.datetime, *, beyond: dt.timedelta) -> int:
    """Messages to people on `channel` parked until later than `now + beyond` become due now; returns how many.

    For a channel that came back after an outage. `beyond` is the senders' lease, so a row a sender has
    claimed and may be sending right now is never touched (that would send it twice).
    """
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status == "pending",
            OutboxMessage.next_attempt_at > now + beyond,
            OutboxMessage.contact_id.in_(select(Contact.id).where(Contact.channel == channel)),
        )
        .values(next_attempt_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def pending_count(session: AsyncSession) -> int:
    rows = await session.scalars(select(OutboxMessage.id).where(OutboxMessage.status == "pending"))
    return len(rows.all())


async def drop_for_contact(session: AsyncSession, contact_id: int) -> None:
    """Stop sending to someone who blocked the bot or erased their data."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.contact_id == contact_id, OutboxMessage.status == "pending")
        .values(status="failed", last_error="contact gone")
    )
