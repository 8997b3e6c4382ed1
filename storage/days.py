"""Consultation day and shift queries, named for what they mean."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Case, ConsultationDay, Contact, Shift
from storage.states import DayStatus


async def day_running_at(session: AsyncSession, now: dt.datetime) -> ConsultationDay | None:
    """The consultation day under way at `now`, if any."""
    return await session.scalar(
        select(ConsultationDay).where(
            ConsultationDay.starts_at <= now,
            ConsultationDay.ends_at > now,
            ConsultationDay.status != DayStatus.CLOSED,
        )
    )


async def planned_days_after(session: AsyncSession, now: dt.datetime) -> Sequence[ConsultationDay]:
    """Planned days that start after `now`, soonest first."""
    return (
        await session.scalars(
            select(ConsultationDay)
            .where(ConsultationDay.starts_at > now, ConsultationDay.status == DayStatus.PLANNED)
            .order_by(ConsultationDay.starts_at)
        )
    ).all()


async def coming_days(session: AsyncSession, now: dt.datetime, limit: int = 10) -> list[ConsultationDay]:
    """Days not over yet (running or planned), soonest first."""
    rows = await session.scalars(
        select(ConsultationDay)
        .where(ConsultationDay.ends_at > now, ConsultationDay.status != DayStatus.CLOSED)
        .order_by(ConsultationDay.starts_at)
        .limit(limit)
    )
    return list(rows.all())


async def days_on_shift(session: AsyncSession, supporter_id: int, day_ids: Sequence[int]) -> frozenset[int]:
    """Which of these days the supporter signed up for."""
    rows = await session.scalars(
        select(Shift.day_id).where(Shift.supporter_id == supporter_id, Shift.day_id.in_(day_ids))
    )
    return frozenset(rows.all())


async def shift_of(session: AsyncSession, supporter_id: int, day_id: int) -> Shift | None:
    return await session.scalar(select(Shift).where(Shift.day_id == day_id, Shift.supporter_id == supporter_id))


async def remove_shift(session: AsyncSession, shift_id: int) -> None:
    await session.execute(delete(Shift).where(Shift.id == shift_id))


async def announcement_recipients(session: AsyncSession, day: ConsultationDay) -> list[tuple[int, str | None, str]]:
    """Who the day's announcement goes to: subscribed migrants who did not decline consent, in the day's
    languages (all, when it names none) and, when it names hubs, whose latest consultation was in one of them
    (someone whose region is unknown gets no regional notice). As (contact id, locale, channel)."""
    latest_hub = (
        select(Case.hub)
        .where(Case.contact_id == Contact.id)
        .order_by(Case.created_at.desc(), Case.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = select(Contact.id, Contact.locale, Contact.channel).where(
        Contact.role == "migrant",
        Contact.subscribed.is_(True),
        Contact.blocked.is_(False),
        Contact.platform_user_id.is_not(None),
        Contact.consent != "declined",
    )
    if day.languages:
        query = query.where(Contact.locale.in_(list(day.languages)))
    if day.hubs:
        query = query.where(latest_hub.in_(list(day.hubs)))
    rows = await session.execute(query.order_by(Contact.id))
    return [(int(cid), locale, channel) for cid, locale, channel in rows.all()]
