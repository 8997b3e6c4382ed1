"""What the operators' gauges read from the database (`GET /metrics`) besides the outbox's pending count and the
LINE push ledger (storage.outbox.pending_count, storage.pushes.push_quota): lost sends, the inbox, offers, waits.

Every function reads only; each answers for the whole hotline, whichever process asks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.inbox import pending_count as inbox_pending_count
from storage.models import Case, Offer, OutboxMessage
from storage.states import CaseStatus, OfferStatus, OutboxStatus


async def inbox_depth(session: AsyncSession) -> int | None:
    """Webhook events taken in and not yet processed."""
    return await inbox_pending_count(session)


async def outbox_unknown(session: AsyncSession) -> int:
    """Messages whose send was cut by a crash where a repeat could send them twice: never repeated, never sent."""
    count = await session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == OutboxStatus.UNKNOWN)
    )
    return int(count or 0)


async def offers_pending(session: AsyncSession) -> int:
    """Offers sent to supporters and not yet accepted, declined or expired."""
    count = await session.scalar(select(func.count()).select_from(Offer).where(Offer.status == OfferStatus.PENDING))
    return int(count or 0)


@dataclass(frozen=True)
class WaitHistogram:
    """How many waits took at most each bound (cumulative, in the order of the bounds), how many in all, their sum."""

    at_most: tuple[int, ...]
    count: int
    total_seconds: float


def _seconds_between(session: AsyncSession, start: Any, end: Any) -> ColumnElement[Any]:
    if (
        session.get_bind().dialect.name == "sqlite"
    ):  # timestamps are ISO strings there; julianday's float needs rounding
        return func.round((func.julianday(end) - func.julianday(start)) * 86400.0, 3)
    return func.extract("epoch", end - start)


async def first_reply_waits(session: AsyncSession, since: dt.datetime, bounds: Sequence[float]) -> WaitHistogram:
    """Seconds from submission to the first supporter reply of the cases submitted since `since`, counted in SQL."""
    wait = _seconds_between(session, Case.created_at, Case.first_response_at)
    row = (
        await session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(wait), 0.0),
                *(func.coalesce(func.sum(case((wait <= bound, 1), else_=0)), 0) for bound in bounds),
            ).where(Case.created_at >= since, Case.first_response_at.is_not(None))
        )
    ).one()
    return WaitHistogram(at_most=tuple(int(n) for n in row[2:]), count=int(row[0]), total_seconds=float(row[1]))


async def cases_awaiting_first_reply(session: AsyncSession) -> int:
    """Open cases no supporter has answered yet."""
    count = await session.scalar(
        select(func.count()).select_from(Case).where(Case.first_response_at.is_(None), Case.status != CaseStatus.CLOSED)
    )
    return int(count or 0)
