"""The supporters a coordinator may choose for a case are the ones routing would offer it to, in routing's order;
a coordinator may also ask someone outside their shifts, which routing never does."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dashboard.queries import candidates_for
from handlers import offers
from handlers.context import Services, Turn
from storage.contacts import find_or_create_contact
from storage.db import Database
from storage.models import Case
from storage.states import CaseStatus, OfferRole
from storage.supporters import add_supporter
from tests.conftest import db as db  # SQLite and PostgreSQL


async def _case(session: AsyncSession, services: Services, n: int, language: str, *, urgent: bool = False) -> Case:
    now = services.clock()
    migrant, _ = await find_or_create_contact(session, services.pseudonym_key, "line", f"U-migrant-{n}", now)
    case = Case(
        number=f"CD-{2000 + n}",
        contact_id=migrant.id,
        channel="line",
        language=language,
        hub="north_kanto",
        topic="work",
        urgent=urgent,
        question="?",
        status=CaseStatus.QUEUED,
        created_at=now,
        last_activity_at=now,
    )
    session.add(case)
    await session.flush()
    return case


async def _supporter(
    session: AsyncSession,
    services: Services,
    alias: str,
    languages: dict[str, int] | None = None,
    hubs: tuple[str, ...] = ("north_kanto",),
    **profile: bool | int | list[str],
) -> int:
    supporter = await add_supporter(
        session,
        services.pseudonym_key,
        channel="telegram",
        address=f"tg-{alias}",
        alias=alias,
        languages=languages or {"vi": 3, "ja": 2},
        hubs=hubs,
        now=services.clock(),
        **profile,  # type: ignore[arg-type]
    )
    await session.flush()
    if alias == "paused":
        supporter.paused = True
    return supporter.id


async def _listed(session: AsyncSession, services: Services, case_id: int, role: OfferRole) -> list[int]:
    case = await session.get(Case, case_id)
    assert case is not None
    return [c.supporter_id for c in await candidates_for(session, services, case, role)]


async def _routed(session: AsyncSession, services: Services, case_id: int) -> list[int]:
    case = await session.get(Case, case_id)
    assert case is not None
    decision = await offers.route_case(Turn(session, services), case)
    return [c.supporter_id for c in decision.candidates]


async def test_the_desk_lists_whom_routing_would_offer_the_case_to(db: Database, services: Services) -> None:
    async with db.transaction() as session:
        near = await _supporter(session, services, "near", topics=["work"])
        neighbour = await _supporter(session, services, "neighbour", hubs=("capital",))
        await _supporter(session, services, "far-local", hubs=("kansai",), national_pool=False)  # region
        english = await _supporter(session, services, "english", {"en": 3, "ja": 3})  # language
        await _supporter(session, services, "paused")
        away = await _supporter(session, services, "away", available=False)  # and on no shift
        full = await _supporter(session, services, "full", capacity=1)
        interpreter = await _supporter(
            session, services, "interpreter", {"vi": 2, "ja": 3}, ("kansai",), interpreter=True
        )
        japanese = await _supporter(session, services, "japanese", {"ja": 3})
        busy = await _case(session, services, 0, "vi")
        busy.supporter_id, busy.status = full, CaseStatus.ACTIVE
        urgent = (await _case(session, services, 1, "vi", urgent=True)).id
        easy = (await _case(session, services, 2, "ja_easy")).id
        plain = (await _case(session, services, 3, "vi")).id

    async with db.transaction() as session:
        listed = await _listed(session, services, plain, OfferRole.SUPPORTER)
        interpreters = await _listed(session, services, plain, OfferRole.INTERPRETER)
        easy_listed = await _listed(session, services, easy, OfferRole.SUPPORTER)
        assert await _routed(session, services, plain) == listed[:1]
        assert await _routed(session, services, easy) == easy_listed[:1]
    assert listed == [near, away, neighbour, interpreter]
    assert interpreters == [interpreter]
    # Easy Japanese is served by Japanese speakers, on the desk as in routing.
    assert set(easy_listed) == {near, away, neighbour, english, interpreter, japanese}

    async with db.transaction() as session:
        # An urgent case goes to three at once: the desk's first three who are on call, then not listed again.
        listed = await _listed(session, services, urgent, OfferRole.SUPPORTER)
        routed = await _routed(session, services, urgent)
        assert routed == [s for s in listed if s != away][:3]
        assert await _listed(session, services, urgent, OfferRole.SUPPORTER) == [away]
