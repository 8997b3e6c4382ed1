"""A consultation day from planning to close, shifts from the chat, and the announcement in each language."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.playground import Person, Playground
from handlers.context import Services
from handlers.days import announce, plan_consultation_day
from storage.db import Database
from storage.models import Case, ConsultationDay, Contact, Offer, Timer
from storage.states import CaseStatus, OfferStatus, TimerKind
from storage.supporters import add_supporter
from tests.conftest import TEST_KEY, Clock


async def _supporter(play: Playground, address: str, **profile: object) -> Person:
    async with play.db.transaction() as session:
        await add_supporter(
            session,
            TEST_KEY,
            channel="telegram",
            address=address,
            alias=address,
            locale="en",
            **profile,  # type: ignore[arg-type]
        )
    return Person("telegram", address)


async def _consult(play: Playground, migrant: Person) -> Case:
    await play.say(migrant, "Hello")
    for payload in ("lang:vi", "consent:yes", "urgency:normal"):
        await play.tap(migrant, payload)
    await play.say(migrant, "Gunma")
    await play.tap(migrant, "topic:work")
    await play.say(migrant, "Công ty không trả lương.")
    await play.tap(migrant, "intake:done")
    await play.tap(migrant, "confirm:send")
    async with play.db.transaction() as session:
        return (await session.scalars(select(Case).order_by(Case.id.desc()).limit(1))).one()


async def test_a_consultation_day_runs_from_open_to_close(db: Database, services: Services, clock: Clock) -> None:
    play = Playground(db, services)
    starts = clock.now + dt.timedelta(days=1)
    day_id = await plan_consultation_day(
        db, title="North Kanto day", starts_at=starts, ends_at=starts + dt.timedelta(hours=6), languages=["vi"]
    )
    lan = await _supporter(play, "tg-lan", languages={"vi": 3}, hubs=["north_kanto"], available=False)
    shifts = await play.say(lan, "/shifts")
    assert "North Kanto day" in shifts[-1].text
    signed = await play.tap(lan, Playground.button(shifts, "shift:join"))
    assert "30 minutes" in signed[-1].text

    migrant = play.person("line")
    case = await _consult(play, migrant)
    assert case.status == "queued"  # nobody on shift yet: it waits for the day
    assert any("consultation day" in m.text.lower() or "ngày" in m.text.lower() for m in play.received(migrant))

    clock.advance(hours=23, minutes=30)
    await play.tick()
    assert "Reminder" in play.news(lan)[-1].text

    clock.advance(minutes=30)
    await play.tick()  # the day opens and the queued case is offered to the supporter on shift
    offer = play.news(lan)
    assert case.number in offer[-1].text
    await play.tap(lan, Playground.button(offer, "offer:accept"))

    clock.advance(hours=6)
    await play.tick()  # the day closes with the case still open
    assert "on hold" in play.news(lan)[-1].text
    async with db.transaction() as session:
        closed_day = await session.get(ConsultationDay, day_id)
        held = await session.get(Case, case.id)
        follow_up = await session.scalar(select(Timer).where(Timer.kind == TimerKind.DAY_FOLLOW_UP))
    assert closed_day is not None
    assert closed_day.status == "closed"
    assert held is not None
    assert held.status == "on_hold"
    assert follow_up is not None
    assert follow_up.fired_at is None

    clock.advance(days=2)
    await play.tick()
    reminder = play.news(lan)
    assert case.number in reminder[-1].text
    assert Playground.button(reminder, f"case:{case.id}:close")


async def test_a_case_left_without_a_supporter_is_queued_again_by_the_days_follow_up(
    db: Database, services: Services, clock: Clock
) -> None:
    play = Playground(db, services)
    starts = clock.now + dt.timedelta(days=1)
    await plan_consultation_day(
        db, title="North Kanto day", starts_at=starts, ends_at=starts + dt.timedelta(hours=6), languages=["vi"]
    )
    lan = await _supporter(play, "tg-lan", languages={"vi": 3}, hubs=["north_kanto"], available=False)
    await play.tap(lan, Playground.button(await play.say(lan, "/shifts"), "shift:join"))
    migrant = play.person("line")
    case = await _consult(play, migrant)
    clock.advance(days=1)
    await play.tick()  # the day opens; the case is offered to Lan, who never answers
    assert case.number in play.news(lan)[-1].text

    clock.advance(hours=6)
    await play.tick()  # Lan's offer ran out, then the day closes with nobody on the case
    assert case.number in play.received(migrant)[-1].text  # "... kept, and a supporter will contact you here."
    async with db.transaction() as session:
        held = await session.get(Case, case.id)
        assert held is not None
        assert held.status == CaseStatus.ON_HOLD
        assert held.supporter_id is None

    # Two days later another Vietnamese speaker is free: the day's follow-up puts the case back in the queue
    # and routes it, so the promise made to the migrant is kept.
    mai = await _supporter(play, "tg-mai", languages={"vi": 3}, hubs=["north_kanto"], available=True)
    clock.advance(days=2)
    await play.tick()
    offered = play.news(mai)
    assert case.number in offered[-1].text
    assert Playground.button(offered, "offer:accept")
    async with db.transaction() as session:
        routed = await session.get(Case, case.id)
        pending = (
            await session.scalars(select(Offer).where(Offer.case_id == case.id, Offer.status == OfferStatus.PENDING))
        ).all()
    assert routed is not None
    assert routed.status == CaseStatus.OFFERED
    assert len(pending) == 1


async def test_leaving_a_shift_cancels_its_reminder(db: Database, services: Services, clock: Clock) -> None:
    play = Playground(db, services)
    starts = clock.now + dt.timedelta(days=3)
    await plan_consultation_day(db, title="Day", starts_at=starts, ends_at=starts + dt.timedelta(hours=4))
    lan = await _supporter(play, "tg-lan", languages={"vi": 3}, hubs=["north_kanto"])
    await play.tap(lan, Playground.button(await play.say(lan, "/shifts"), "shift:join"))
    shifts = await play.say(lan, "/shifts")
    await play.tap(lan, Playground.button(shifts, "shift:leave"))
    clock.advance(days=3)
    await play.tick()
    assert not any("Reminder" in m.text for m in play.news(lan))


async def test_the_announcement_reaches_each_subscriber_in_their_language(
    db: Database, services: Services, clock: Clock
) -> None:
    starts = dt.datetime(2026, 12, 6, 1, 0, tzinfo=dt.UTC)  # 10:00 in Tokyo
    day_id = await plan_consultation_day(
        db, title="Day", starts_at=starts, ends_at=starts + dt.timedelta(hours=6), languages=["pt_BR", "en"]
    )
    async with db.transaction() as session:
        for key, locale, subscribed in (("a", "en", True), ("b", "pt_BR", True), ("c", "en", False)):
            session.add(
                Contact(key=key, channel="line", platform_user_id=f"U{key}", locale=locale, subscribed=subscribed)
            )
    play = Playground(db, services)
    assert await announce(db, services, day_id) == 2
    await play.sender.drain_once()
    english = play.channels["line"].received["Ua"][-1].text
    portuguese = play.channels["line"].received["Ub"][-1].text
    assert "Sunday, December 6, 2026" in english
    assert "10:00\u202fAM" in english  # CLDR puts a narrow no-break space before AM
    assert "domingo, 6 de dezembro de 2026" in portuguese
    assert "10:00" in portuguese
    assert "Uc" not in play.channels["line"].received
