"""What the desk reads and does, as plain values of codes; no HTML, no HTTP, no words here (see `words`).

Nothing read here carries a platform id, a name or a question text: coordinators see the operational facts of
a case (number, language, hub, prefecture, topic, urgency, status, who works on it), never its content.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import offers
from handlers.context import Services, Turn
from scheduler.routing import level
from storage.cases import case_loads
from storage.listings import supporter_aliases
from storage.models import Case, CaseMessage, InviteCode, Offer, Supporter
from storage.offers import pending_offer_counts
from storage.states import OPEN_CASE_STATUSES, OfferRole, OfferStatus
from storage.supporters import on_shift_now


class DashboardError(ValueError):
    """An action the coordinator asked for cannot be done; the message (an English msgid) says why."""


@dataclass(frozen=True)
class PendingOffer:
    supporter: str
    role: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class QueueRow:
    case_id: int
    number: str
    language: str
    hub: str | None
    prefecture: int | None
    topic: str
    urgent: bool
    status: str
    created_at: dt.datetime
    supporter: str | None
    interpreter: str | None
    pending: tuple[PendingOffer, ...]


@dataclass(frozen=True)
class OnShift:
    supporter_id: int
    alias: str
    languages: tuple[str, ...]
    hubs: tuple[str, ...]
    load: int
    capacity: int
    pending: int


@dataclass(frozen=True)
class Board:
    cases: tuple[QueueRow, ...]
    on_shift: tuple[OnShift, ...]
    fingerprint: str


@dataclass(frozen=True)
class Candidate:
    supporter_id: int
    alias: str
    level: int
    load: int
    capacity: int


@dataclass(frozen=True)
class OfferEvent:
    supporter: str
    role: str
    status: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    expires_at: dt.datetime


def system_turn(session: AsyncSession, services: Services) -> Turn:
    """A turn acting for the coordinator at the desk: every message it sends names its recipient."""
    return Turn(session, services)


async def live_queue(session: AsyncSession, case_id: int | None = None) -> list[QueueRow]:
    """Open cases, urgent first, then the longest waiting."""
    query = select(Case).where(Case.status.in_(OPEN_CASE_STATUSES))
    if case_id is not None:
        query = query.where(Case.id == case_id)
    cases = (await session.scalars(query.order_by(Case.urgent.desc(), Case.created_at, Case.id))).all()
    aliases = await supporter_aliases(session)
    pending: dict[int, list[PendingOffer]] = defaultdict(list)
    rows = await session.execute(
        select(Offer.case_id, Offer.supporter_id, Offer.role, Offer.expires_at)
        .where(Offer.status == OfferStatus.PENDING, Offer.case_id.in_([c.id for c in cases]))
        .order_by(Offer.id)
    )
    for cid, supporter_id, role, expires_at in rows:
        pending[cid].append(PendingOffer(aliases.get(supporter_id, "?"), role, expires_at))
    return [
        QueueRow(
            case_id=c.id,
            number=c.number,
            language=c.language,
            hub=c.hub,
            prefecture=c.prefecture,
            topic=c.topic,
            urgent=c.urgent,
            status=c.status,
            created_at=c.created_at,
            supporter=aliases.get(c.supporter_id) if c.supporter_id is not None else None,
            interpreter=aliases.get(c.interpreter_id) if c.interpreter_id is not None else None,
            pending=tuple(pending.get(c.id, ())),
        )
        for c in cases
    ]


async def on_shift(session: AsyncSession, now: dt.datetime) -> list[OnShift]:
    """Supporters working now (on a shift, or available outside shifts), with their load."""
    shifted = await on_shift_now(session, now)
    supporters = (
        await session.scalars(select(Supporter).where(Supporter.paused.is_(False)).order_by(Supporter.alias))
    ).all()
    loads = await case_loads(session)
    pending = await pending_offer_counts(session)
    return [
        OnShift(
            supporter_id=s.id,
            alias=s.alias,
            languages=tuple(code for code, _ in sorted(s.languages.items(), key=lambda x: -int(x[1]))),
            hubs=tuple(s.hubs),
            load=loads.get(s.id, 0),
            capacity=s.capacity,
            pending=pending.get(s.id, 0),
        )
        for s in supporters
        if s.id in shifted or s.available
    ]


async def board(session: AsyncSession, now: dt.datetime) -> Board:
    cases = await live_queue(session)
    working = await on_shift(session, now)
    print_ = repr(
        (
            [(c.case_id, c.status, c.supporter, c.interpreter, c.pending) for c in cases],
            [(s.supporter_id, s.load, s.pending) for s in working],
        )
    )
    return Board(tuple(cases), tuple(working), print_)


async def candidates_for(
    session: AsyncSession, services: Services, case: Case, role: OfferRole = OfferRole.SUPPORTER
) -> list[Candidate]:
    """Who the coordinator may offer the case to, best first: whom routing would offer it to (`offers.candidates`),
    so nobody is asked the same thing twice."""
    chosen = await offers.candidates(system_turn(session, services), case, role)
    aliases = await supporter_aliases(session)
    return [Candidate(p.id, aliases.get(p.id, "?"), level(p, case.language), p.open_cases, p.capacity) for p in chosen]


async def offer_history(session: AsyncSession, case_id: int) -> list[OfferEvent]:
    aliases = await supporter_aliases(session)
    rows = (await session.scalars(select(Offer).where(Offer.case_id == case_id).order_by(Offer.id))).all()
    return [
        OfferEvent(aliases.get(o.supporter_id, "?"), o.role, o.status, o.created_at, o.decided_at, o.expires_at)
        for o in rows
    ]


async def routing_reasons(session: AsyncSession, case_id: int) -> list[str]:
    """The router's explanations stored with the case's offers, newest first."""
    rows = await session.scalars(
        select(Offer.reason).where(Offer.case_id == case_id, Offer.reason != "").order_by(Offer.id.desc())
    )
    return list(dict.fromkeys(rows.all()))


async def notes_of(session: AsyncSession, case_id: int) -> list[tuple[dt.datetime, str]]:
    """Coordinators' and supporters' notes on the case (staff text, never the migrant's messages)."""
    rows = await session.execute(
        select(CaseMessage.created_at, CaseMessage.text)
        .where(CaseMessage.case_id == case_id, CaseMessage.author == "note")
        .order_by(CaseMessage.id)
    )
    return [(at, text or "") for at, text in rows.all()]


async def open_case(session: AsyncSession, case_id: int) -> Case:
    case = await session.get(Case, case_id, with_for_update=True)
    if case is None or case.status not in OPEN_CASE_STATUSES:
        raise DashboardError("This case is not open any more.")
    return case


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
