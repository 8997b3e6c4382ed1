"""What coordinators list at the terminal (`hotline supporters list`, `days list`, `cases list`) and on the desk's
supporters and days pages, as plain rows.

Only coded, operational facts: no platform id, no person's name, no message text. Supporters appear by the alias
coordinators gave them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.cases import case_loads
from storage.models import Case, ConsultationDay, Contact, Shift, Supporter
from storage.states import CaseStatus


@dataclass(frozen=True)
class SupporterListing:
    supporter_id: int
    alias: str
    channel: str | None  # where they are reached: line or telegram (None when they left)
    languages: tuple[tuple[str, int], ...]  # (code, level 1..3), best first
    hubs: tuple[str, ...]
    topics: tuple[str, ...]
    open_cases: int  # cases that count against their capacity (as routing counts them)
    capacity: int
    paused: bool
    available: bool
    interpreter: bool
    coordinator: bool


@dataclass(frozen=True)
class DayListing:
    day_id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    hubs: tuple[str, ...]
    languages: tuple[str, ...]
    status: str
    announced_at: dt.datetime | None
    shifts: tuple[str, ...]  # aliases of the supporters signed up, in alphabetical order


@dataclass(frozen=True)
class CaseListing:
    number: str
    status: str
    urgent: bool
    channel: str
    language: str
    hub: str | None
    topic: str
    created_at: dt.datetime
    first_response_at: dt.datetime | None
    supporter: str | None  # alias


async def supporter_aliases(session: AsyncSession) -> dict[int, str]:
    """Supporter id -> the alias coordinators gave them."""
    return {row.id: row.alias for row in await session.execute(select(Supporter.id, Supporter.alias))}


async def list_supporters(session: AsyncSession) -> list[SupporterListing]:
    """Every supporter, by alias, with the cases they hold open."""
    open_cases = await case_loads(session)
    rows = await session.execute(
        select(Supporter, Contact.channel)
        .outerjoin(Contact, Contact.id == Supporter.contact_id)
        .order_by(Supporter.alias, Supporter.id)
    )
    return [
        SupporterListing(
            supporter_id=s.id,
            alias=s.alias,
            channel=channel,
            languages=tuple(sorted(((code, int(level)) for code, level in s.languages.items()), key=lambda x: -x[1])),
            hubs=tuple(s.hubs),
            topics=tuple(s.topics),
            open_cases=open_cases.get(s.id, 0),
            capacity=s.capacity,
            paused=s.paused,
            available=s.available,
            interpreter=s.interpreter,
            coordinator=s.coordinator,
        )
        for s, channel in rows.all()
    ]


async def list_days(session: AsyncSession) -> list[DayListing]:
    """Consultation days, the next first and past ones after, with who signed up for each."""
    aliases = await supporter_aliases(session)
    shifts: dict[int, list[str]] = defaultdict(list)
    for day_id, supporter_id in (await session.execute(select(Shift.day_id, Shift.supporter_id))).all():
        shifts[day_id].append(aliases.get(supporter_id, "?"))
    days = (await session.scalars(select(ConsultationDay).order_by(ConsultationDay.starts_at.desc()))).all()
    return [
        DayListing(
            day_id=d.id,
            title=d.title,
            starts_at=d.starts_at,
            ends_at=d.ends_at,
            hubs=tuple(d.hubs),
            languages=tuple(d.languages),
            status=d.status,
            announced_at=d.announced_at,
            shifts=tuple(sorted(shifts.get(d.id, ()))),
        )
        for d in days
    ]


async def list_cases(session: AsyncSession, *, open_only: bool, limit: int = 200) -> list[CaseListing]:
    """Cases, urgent first then oldest first when `open_only`; else the newest `limit` of all."""
    query = select(Case)
    if open_only:
        query = query.where(Case.status != CaseStatus.CLOSED).order_by(Case.urgent.desc(), Case.created_at, Case.id)
    else:
        query = query.order_by(Case.created_at.desc(), Case.id.desc())
    cases = (await session.scalars(query.limit(limit))).all()
    aliases = await supporter_aliases(session)
    return [
        CaseListing(
            number=c.number,
            status=c.status,
            urgent=c.urgent,
            channel=c.channel,
            language=c.language,
            hub=c.hub,
            topic=c.topic,
            created_at=c.created_at,
            first_response_at=c.first_response_at,
            supporter=aliases.get(c.supporter_id) if c.supporter_id is not None else None,
        )
        for c in cases
    ]
