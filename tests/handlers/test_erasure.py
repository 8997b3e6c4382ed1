"""Erasure from the chat: /delete, confirmed in the person's language, removes their data and analytic rows."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from bot.playground import Person, Playground
from handlers.context import Services
from handlers.timers import fire_due_timers
from storage.db import Database
from storage.models import AnalyticCase, Case, CaseMessage, Contact
from storage.supporters import add_supporter
from tests.conftest import TEST_KEY, Clock


async def _closed_consultation(play: Playground, db: Database, migrant: Person, supporter: Person) -> None:
    await play.say(migrant, "Xin chào, tôi cần giúp đỡ")
    await play.tap(migrant, "lang:vi")
    await play.tap(migrant, "consent:yes")
    await play.tap(migrant, "urgency:normal")
    await play.say(migrant, "Gunma")
    await play.tap(migrant, "topic:work")
    await play.say(migrant, "Công ty không trả lương 3 tháng.")
    await play.tap(migrant, "intake:done")
    await play.tap(migrant, "confirm:send")
    await play.tap(supporter, Playground.button(play.news(supporter), "offer:accept"))
    async with db.transaction() as session:
        case = await session.scalar(select(Case).order_by(Case.id.desc()).limit(1))
    assert case is not None
    for step in ("close", "field:labour", "action:advice", "result:resolved"):
        await play.tap(supporter, f"case:{case.id}:{step}")


async def test_delete_in_the_chat_erases_the_person_and_their_analytic_rows(
    db: Database, services: Services, clock: Clock
) -> None:
    play = Playground(db, services)
    async with db.transaction() as session:
        await add_supporter(
            session,
            TEST_KEY,
            channel="telegram",
            address="tg-lan",
            alias="Lan",
            languages={"vi": 3},
            hubs=["north_kanto"],
            topics=["work"],
            locale="ja",
        )
    supporter = play.person("telegram")
    supporter.address = "tg-lan"
    migrant = play.person("line", locale_hint="vi")
    other = play.person("line", locale_hint="vi")
    await _closed_consultation(play, db, migrant, supporter)
    await _closed_consultation(play, db, other, supporter)
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(AnalyticCase)) == 2

    asked = await play.say(migrant, "/delete")
    assert [b.payload for b in asked[-1].buttons] == ["erase:yes", "erase:no"]
    assert "erase" not in asked[-1].text.lower()  # asked in Vietnamese, not English
    done = await play.tap(migrant, "erase:yes")
    assert done
    assert done[-1].text != asked[-1].text

    async with db.transaction() as session:
        rows = (await session.scalars(select(AnalyticCase))).all()
        assert len(rows) == 1  # the other person's row stays
        assert await session.scalar(select(func.count()).where(Case.question.is_not(None))) == 1
        first = await session.scalar(select(Case).order_by(Case.id).limit(1))
        assert first is not None
        assert first.contact_id is None
        assert await session.scalar(select(func.count()).where(CaseMessage.case_id == first.id)) == 0
    clock.advance(minutes=11)
    await fire_due_timers(db, services)
    async with db.transaction() as session:
        addresses = (await session.scalars(select(Contact.platform_user_id))).all()
    assert migrant.address not in addresses
    assert other.address in addresses


async def test_delete_also_erases_the_persons_events_set_aside_as_failed(db: Database, services: Services) -> None:
    from storage.inbox import NewEvent, append, failed_count
    from storage.models import InboxEvent, InboxStatus

    play = Playground(db, services)
    migrant = play.person("line", locale_hint="vi")
    other = play.person("line", locale_hint="vi")
    await play.say(migrant, "Xin chào")
    async with db.transaction() as session:
        for person, words in ((migrant, "số hộ chiếu của tôi"), (other, "địa chỉ của tôi")):
            await append(
                session, [NewEvent("line", f"failed-{person.address}", person.address, words)], dt.datetime.now(dt.UTC)
            )
        await session.execute(update(InboxEvent).values(status=InboxStatus.FAILED))

    await play.say(migrant, "/delete")
    await play.tap(migrant, "erase:yes")

    async with db.transaction() as session:
        assert await failed_count(session) == 1
        assert (await session.scalars(select(InboxEvent.raw))).all() == ["địa chỉ của tôi"]
