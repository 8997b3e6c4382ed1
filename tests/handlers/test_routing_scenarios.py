"""Routing scenarios played through the real handlers: who is offered a case, and what happens next."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.playground import Person, Playground
from handlers.context import Services
from handlers.inbox import handle_inbound
from handlers.messages import PAYLOAD, Inbound
from storage.db import Database
from storage.models import Case, Offer
from storage.supporters import add_supporter
from tests.conftest import TEST_KEY, Clock


async def _supporter(play: Playground, address: str, **profile: object) -> Person:
    profile.setdefault("locale", "en")  # the assertions read English
    async with play.db.transaction() as session:
        await add_supporter(session, TEST_KEY, channel="telegram", address=address, alias=address, **profile)  # type: ignore[arg-type]
    return Person("telegram", address)


async def _consult(play: Playground, migrant: Person, language: str, region: str, *, urgency: str = "normal") -> Case:
    await play.say(migrant, "Hello")
    await play.tap(migrant, f"lang:{language}")
    await play.tap(migrant, "consent:yes")
    await play.tap(migrant, f"urgency:{urgency}")
    await play.say(migrant, region)
    await play.tap(migrant, "topic:work")
    await play.say(migrant, "My company has not paid me for three months.")
    await play.tap(migrant, "intake:done")
    await play.tap(migrant, "confirm:send")
    async with play.db.transaction() as session:
        return (await session.scalars(select(Case).order_by(Case.id.desc()).limit(1))).one()


async def _offers(db: Database, case_id: int) -> list[tuple[str, int]]:
    async with db.transaction() as session:
        rows = await session.execute(
            select(Offer.status, Offer.supporter_id).where(Offer.case_id == case_id).order_by(Offer.id)
        )
        return [(status, supporter_id) for status, supporter_id in rows]


async def test_khmer_case_in_gunma_goes_to_a_khmer_supporter_of_a_neighbouring_hub(
    db: Database, services: Services
) -> None:
    play = Playground(db, services)
    await _supporter(play, "tg-osaka", languages={"km": 3}, hubs=["kansai"], national_pool=True)
    saitama = await _supporter(play, "tg-saitama", languages={"km": 3, "ja": 2}, hubs=["capital"])
    await _supporter(play, "tg-gunma", languages={"vi": 3, "ja": 3}, hubs=["north_kanto"])
    migrant = play.person("line")
    case = await _consult(play, migrant, "km", "Gunma")
    assert case.hub == "north_kanto"
    offer = play.news(saitama)
    assert case.number in offer[-1].text
    assert Playground.button(offer, "offer:accept")


async def test_a_decline_and_a_timeout_each_move_to_the_next_candidate(
    db: Database, services: Services, clock: Clock
) -> None:
    play = Playground(db, services)
    first = await _supporter(play, "tg-1", languages={"vi": 3}, hubs=["north_kanto"], topics=["work"])
    second = await _supporter(play, "tg-2", languages={"vi": 3}, hubs=["north_kanto"])
    third = await _supporter(play, "tg-3", languages={"vi": 3}, hubs=["capital"])
    migrant = play.person("line")
    case = await _consult(play, migrant, "vi", "Ibaraki")

    declined = await play.tap(first, Playground.button(play.news(first), "offer:decline"))
    assert "someone else" in declined[-1].text
    assert case.number in play.news(second)[-1].text

    clock.advance(hours=5)  # past the offer timeout outside a consultation day
    assert await play.tick() == 1
    assert "has passed" in play.news(second)[-1].text
    assert case.number in play.news(third)[-1].text
    statuses = [status for status, _ in await _offers(db, case.id)]
    assert statuses == ["declined", "expired", "pending"]


async def test_urgent_case_reaches_several_and_only_one_of_two_simultaneous_accepts_wins(
    db: Database, services: Services
) -> None:
    play = Playground(db, services)
    people = [await _supporter(play, f"tg-u{i}", languages={"pt_BR": 3}, hubs=["chubu_tokai"]) for i in range(3)]
    migrant = play.person("line")
    case = await _consult(play, migrant, "pt_BR", "Aichi", urgency="danger")
    offers = [play.news(person) for person in people]
    assert all("URGENT" in news[-1].text for news in offers)

    def accept(person: Person, news: list) -> Inbound:  # type: ignore[type-arg]
        return Inbound(
            channel="telegram",
            address=person.address,
            kind=PAYLOAD,
            event_id=f"accept-{person.address}",
            payload=Playground.button(news, "offer:accept"),
        )

    await asyncio.gather(
        handle_inbound(db, services, accept(people[0], offers[0])),
        handle_inbound(db, services, accept(people[1], offers[1])),
    )
    await play.sender.drain_once()
    async with db.transaction() as session:
        taken = await session.get(Case, case.id)
    assert taken is not None
    assert taken.status == "active"
    statuses = sorted(status for status, _ in await _offers(db, case.id))
    assert statuses == ["accepted", "withdrawn", "withdrawn"]
    told = [play.news(person)[-1].text for person in people]
    assert sum("You have taken case" in text for text in told) == 1
    # The other two learn that the case is taken (or, for the late tap, that the offer has ended).
    assert sum("already taken" in text or "already ended" in text for text in told) == 2


async def test_a_case_nobody_can_take_alerts_a_coordinator_and_tells_the_migrant_honestly(
    db: Database, services: Services
) -> None:
    play = Playground(db, services)
    coordinator = await _supporter(
        play, "tg-coord", languages={"ja": 3}, hubs=["capital"], coordinator=True, capacity=0
    )
    migrant = play.person("line")
    case = await _consult(play, migrant, "si", "Okinawa")
    assert case.status == "queued"
    alert = play.news(coordinator)
    assert case.number in alert[-1].text
    assert "No supporter could take" in alert[-1].text
    told = play.received(migrant)[-1].text
    assert "110" in told  # no promise of a supporter: the emergency numbers instead
