"""Supporters: volunteers reachable on their own LINE or Telegram account."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.contacts import find_or_create_contact
from storage.models import Contact, Shift, Supporter


async def add_supporter(
    session: AsyncSession,
    key: bytes,
    *,
    channel: str,
    address: str,
    alias: str,
    languages: Mapping[str, int],
    hubs: Iterable[str],
    topics: Iterable[str] = (),
    locale: str = "ja",
    capacity: int = 3,
    available: bool = True,
    roots: Iterable[str] = (),
    interpreter: bool = False,
    coordinator: bool = False,
    national_pool: bool = True,
    now: dt.datetime | None = None,
) -> Supporter:
    """Register a supporter directly (seeding, the CLI); volunteers normally join with an invite code."""
    now = now or dt.datetime.now(dt.UTC)
    contact, _ = await find_or_create_contact(session, key, channel, address, now)
    contact.role = "coordinator" if coordinator and not languages else "supporter"
    contact.locale, contact.locale_source = locale, "explicit"
    contact.consent = "given"
    supporter = Supporter(
        contact_id=contact.id,
        alias=alias,
        languages=dict(languages),
        hubs=list(hubs),
        topics=list(topics),
        roots=list(roots),
        capacity=capacity,
        available=available,
        interpreter=interpreter,
        coordinator=coordinator,
        national_pool=national_pool,
        created_at=now,
    )
    session.add(supporter)
    await session.flush()
    return supporter


async def contact_of_supporter(session: AsyncSession, supporter_id: int | None) -> Contact | None:
    """The chat account a supporter is reached on, or None when they left or have none."""
    supporter = await session.get(Supporter, supporter_id) if supporter_id is not None else None
    if supporter is None or supporter.contact_id is None:
        return None
    return await session.get(Contact, supporter.contact_id)


async def supporter_of_contact(session: AsyncSession, contact_id: int) -> Supporter | None:
    """The supporter who uses this chat account, if it is one."""
    return await session.scalar(select(Supporter).where(Supporter.contact_id == contact_id))


async def reachable_supporters(session: AsyncSession) -> Sequence[Supporter]:
    """Supporters who have a chat account and are not paused: the only ones a case can be offered to."""
    return (
        await session.scalars(select(Supporter).where(Supporter.contact_id.is_not(None), Supporter.paused.is_(False)))
    ).all()


async def on_shift_now(session: AsyncSession, now: dt.datetime) -> frozenset[int]:
    """Ids of the supporters whose shift is running at `now`."""
    rows = await session.scalars(select(Shift.supporter_id).where(Shift.starts_at <= now, Shift.ends_at > now))
    return frozenset(rows.all())


async def coordinator_contacts(session: AsyncSession) -> Sequence[Contact]:
    """The chat accounts of every coordinator."""
    return (
        await session.scalars(
            select(Contact).join(Supporter, Supporter.contact_id == Contact.id).where(Supporter.coordinator.is_(True))
        )
    ).all()
