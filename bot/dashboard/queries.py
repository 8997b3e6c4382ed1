"""What the dashboard reads and does, as plain values; no HTML and no HTTP here.

Nothing read here carries a platform id, a name or a question text: coordinators see the operational
facts of a case (number, language, hub, topic, urgency, status, who works on it), never its content.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import offers
from handlers.context import Services, Turn
from handlers.language import LANGUAGE_NAMES
from handlers.vocabulary import TOPICS
from scheduler.routing import SupporterProfile
from storage.models import Case, ConsultationDay, InviteCode, Offer, Shift, Supporter
from storage.states import LOAD_CASE_STATUSES, OPEN_CASE_STATUSES, OfferRole

OPEN_STATUSES = OPEN_CASE_STATUSES
# Statuses in which a supporter accepting an offer takes the case (see offers.answer_offer).
OFFERABLE_STATUSES = ("new", "queued", "offered", "on_hold")


class DashboardError(ValueError):
    """An action the coordinator asked for cannot be done; the message says why in one sentence."""


@dataclass(frozen=True)
class QueueRow:
    case_id: int
    number: str
    language: str
    hub: str
    topic: str
    urgent: bool
    status: str
    waiting: dt.timedelta
    supporter: str | None
    pending_offers: tuple[str, ...]


@dataclass(frozen=True)
class Candidate:
    supporter_id: int
    alias: str
    level: int
    load: int
    capacity: int


@dataclass(frozen=True)
class SupporterRow:
    supporter_id: int
    alias: str
    languages: tuple[tuple[str, int], ...]
    hubs: tuple[str, ...]
    topics: tuple[str, ...]
    load: int
    capacity: int
    paused: bool
    available: bool
    interpreter: bool
    coordinator: bool


@dataclass(frozen=True)
class DayRow:
    day_id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    hubs: tuple[str, ...]
    languages: tuple[str, ...]
    status: str
    announced_at: dt.datetime | None
    shifts: tuple[str, ...]


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def topic_name(code: str) -> str:
    return TOPICS.get(code, TOPICS["other"])


def hub_name(services: Services, code: str | None) -> str:
    hub = services.hub_map.hubs.get(code or "")
    return hub.name_en if hub is not None else (code or "—")


def system_turn(session: AsyncSession, services: Services) -> Turn:
    """A turn acting for the coordinator at the dashboard: every message it sends names its recipient."""
    return Turn(session, services)


async def _aliases(session: AsyncSession) -> dict[int, str]:
    return dict((await session.execute(select(Supporter.id, Supporter.alias))).all())


async def live_queue(session: AsyncSession, services: Services) -> list[QueueRow]:
    """Open cases, urgent first, then the longest waiting."""
    now = services.clock()
    cases = (
        await session.scalars(
            select(Case).where(Case.status.in_(OPEN_STATUSES)).order_by(Case.urgent.desc(), Case.created_at, Case.id)
        )
    ).all()
    aliases = await _aliases(session)
    pending: dict[int, list[str]] = defaultdict(list)
    rows = await session.execute(
        select(Offer.case_id, Offer.supporter_id)
        .where(Offer.status == "pending", Offer.case_id.in_([c.id for c in cases]))
        .order_by(Offer.id)
    )
    for case_id, supporter_id in rows:
        pending[case_id].append(aliases.get(supporter_id, "?"))
    return [
        QueueRow(
            case_id=c.id,
            number=c.number,
            language=language_name(c.language),
            hub=hub_name(services, c.hub),
            topic=topic_name(c.topic),
            urgent=c.urgent,
            status=c.status,
            waiting=max(now - c.created_at, dt.timedelta(0)),
            supporter=aliases.get(c.supporter_id) if c.supporter_id is not None else None,
            pending_offers=tuple(pending.get(c.id, ())),
        )
        for c in cases
    ]


async def queue_row(session: AsyncSession, services: Services, case_id: int) -> QueueRow | None:
    return next((row for row in await live_queue(session, services) if row.case_id == case_id), None)


async def candidates_for(session: AsyncSession, services: Services, case: Case) -> list[Candidate]:
    """Supporters who speak the case's language, are not paused and have room, best speakers first."""
    profiles = await offers.supporter_profiles(system_turn(session, services))
    aliases = await _aliases(session)
    pending = set(
        (
            await session.scalars(select(Offer.supporter_id).where(Offer.case_id == case.id, Offer.status == "pending"))
        ).all()
    )

    def fits(p: SupporterProfile) -> bool:
        return case.language in p.languages and p.open_cases < p.capacity and p.id != case.supporter_id

    chosen = [p for p in profiles if fits(p) and p.id not in pending]
    chosen.sort(key=lambda p: (-p.languages[case.language], p.open_cases, aliases.get(p.id, "")))
    return [
        Candidate(p.id, aliases.get(p.id, "?"), p.languages[case.language], p.open_cases, p.capacity) for p in chosen
    ]


async def _open_case(session: AsyncSession, case_id: int) -> Case:
    case = await session.get(Case, case_id, with_for_update=True)
    if case is None or case.status not in OPEN_STATUSES:
        raise DashboardError("This case is not open any more.")
    return case


async def offer_case(session: AsyncSession, services: Services, case_id: int, supporter_id: int) -> str:
    """Offer the case to one chosen supporter, who gets Accept / Decline in their chat. Returns their alias."""
    case = await _open_case(session, case_id)
    if case.supporter_id is not None:
        raise DashboardError("This case already has a supporter; they can pass it on from their chat with Transfer.")
    wanted = {c.supporter_id: c for c in await candidates_for(session, services, case)}
    candidate = wanted.get(supporter_id)
    if candidate is None:
        raise DashboardError("That supporter cannot take this case now (language, capacity, pause or offer).")
    case.last_activity_at = services.clock()
    await offers.offer(
        system_turn(session, services), case, supporter_id, OfferRole.SUPPORTER, "chosen by a coordinator"
    )
    return candidate.alias


async def route_again(session: AsyncSession, services: Services, case_id: int) -> str:
    """Run the router for the case again; returns its decision in words."""
    case = await _open_case(session, case_id)
    if case.supporter_id is not None:
        raise DashboardError("This case already has a supporter.")
    if case.status == "on_hold":
        case.status = "queued"
    decision = await offers.route_case(system_turn(session, services), case)
    return "offered" if decision.kind != "exhausted" else "no supporter found; the case waits in the queue"


async def supporters(session: AsyncSession) -> list[SupporterRow]:
    loads = dict(
        (
            await session.execute(
                select(Case.supporter_id, func.count())
                .where(Case.status.in_(LOAD_CASE_STATUSES), Case.supporter_id.is_not(None))
                .group_by(Case.supporter_id)
            )
        ).all()
    )
    rows = (await session.scalars(select(Supporter).order_by(Supporter.alias, Supporter.id))).all()
    return [
        SupporterRow(
            supporter_id=s.id,
            alias=s.alias,
            languages=tuple(sorted(((code, int(level)) for code, level in s.languages.items()), key=lambda x: -x[1])),
            hubs=tuple(s.hubs),
            topics=tuple(s.topics),
            load=int(loads.get(s.id, 0)),
            capacity=s.capacity,
            paused=s.paused,
            available=s.available,
            interpreter=s.interpreter,
            coordinator=s.coordinator,
        )
        for s in rows
    ]


async def set_paused(session: AsyncSession, supporter_id: int, paused: bool) -> None:
    supporter = await session.get(Supporter, supporter_id)
    if supporter is None:
        raise DashboardError("There is no such supporter.")
    supporter.paused = paused


async def open_invites(session: AsyncSession, now: dt.datetime) -> list[InviteCode]:
    return list(
        (
            await session.scalars(
                select(InviteCode)
                .where(InviteCode.used_by.is_(None), InviteCode.expires_at > now)
                .order_by(InviteCode.created_at.desc())
                .limit(50)
            )
        ).all()
    )


async def days(session: AsyncSession) -> list[DayRow]:
    aliases = await _aliases(session)
    shifts: dict[int, list[str]] = defaultdict(list)
    for day_id, supporter_id in (await session.execute(select(Shift.day_id, Shift.supporter_id))).all():
        shifts[day_id].append(aliases.get(supporter_id, "?"))
    rows = (await session.scalars(select(ConsultationDay).order_by(ConsultationDay.starts_at.desc()))).all()
    return [
        DayRow(
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
        for d in rows
    ]
