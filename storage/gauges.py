"""What the operators' gauges read from the database (`GET /metrics`): queues, offers, waits, LINE pushes.

Every function reads only; each answers for the whole hotline, whichever process asks.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Case, Contact, Offer, OutboxMessage

LINE_QUOTA_ZONE = ZoneInfo("Asia/Tokyo")  # LINE's monthly message count starts on the 1st, Japan time


async def outbox_depth(session: AsyncSession) -> int:
    """Messages queued and not yet sent (due now or waiting for a retry)."""
    count = await session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "pending")
    )
    return int(count or 0)


async def inbox_depth(session: AsyncSession) -> int | None:
    """Webhook events taken in and not yet processed; None while the hotline has no inbox table.

    HOOK for the inbox of issue 11 (the `ingest` engineer): count its pending rows here, and /metrics shows
    `hotline_inbox_depth` from then on.
    """
    return None


async def offers_pending(session: AsyncSession) -> int:
    """Offers sent to supporters and not yet accepted, declined or expired."""
    count = await session.scalar(select(func.count()).select_from(Offer).where(Offer.status == "pending"))
    return int(count or 0)


async def first_reply_waits(session: AsyncSession, since: dt.datetime) -> list[float]:
    """Seconds from submission to the first supporter reply, for the cases submitted since `since`."""
    rows = await session.execute(
        select(Case.created_at, Case.first_response_at).where(
            Case.created_at >= since, Case.first_response_at.is_not(None)
        )
    )
    return [(replied - created).total_seconds() for created, replied in rows if replied is not None]


async def cases_awaiting_first_reply(session: AsyncSession) -> int:
    """Open cases no supporter has answered yet."""
    count = await session.scalar(
        select(func.count()).select_from(Case).where(Case.first_response_at.is_(None), Case.status != "closed")
    )
    return int(count or 0)


def month_start(now: dt.datetime) -> dt.datetime:
    """The start of the LINE quota month containing `now` (the 1st, 00:00 Japan time), in UTC."""
    local = now.astimezone(LINE_QUOTA_ZONE)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(dt.UTC)


async def line_pushes_this_month(session: AsyncSession, now: dt.datetime) -> int:
    """Messages to LINE users sent this month without a fresh reply token: pushes, which count against the quota.

    Read from the outbox: a row sent after its reply token expired (or without one) went as a push.
    """
    count = await session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .join(Contact, Contact.id == OutboxMessage.contact_id)
        .where(
            Contact.channel == "line",
            OutboxMessage.status == "sent",
            OutboxMessage.sent_at >= month_start(now),
            or_(
                OutboxMessage.reply_token.is_(None),
                OutboxMessage.reply_token_expires_at.is_(None),
                OutboxMessage.reply_token_expires_at <= OutboxMessage.sent_at,
            ),
        )
    )
    return int(count or 0)
