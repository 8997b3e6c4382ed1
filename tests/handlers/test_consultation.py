"""A whole consultation, from a migrant's first message to the closed case, through the real handlers."""

from __future__ import annotations

from bot.playground import Playground
from handlers.context import Services
from handlers.i18n import translator
from storage.db import Database
from storage.models import Case
from storage.supporters import add_supporter
from tests.conftest import TEST_KEY, Clock


async def test_vietnamese_migrant_is_helped_by_a_vietnamese_supporter(
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
            languages={"vi": 3, "ja": 2},
            hubs=["north_kanto"],
            topics=["work"],
            locale="ja",
            roots=["vi"],
        )
    migrant = play.person("line", locale_hint="vi")
    supporter = play.person("telegram")
    supporter.address = "tg-lan"

    greeting = await play.say(migrant, "Xin chào, tôi cần giúp đỡ")
    assert greeting[0].buttons[0].payload == "lang:vi"  # the menu offers the guessed language first
    consent = await play.tap(migrant, "lang:vi")
    assert any(b.payload == "consent:yes" for b in consent[-1].buttons)
    await play.tap(migrant, "consent:yes")
    await play.tap(migrant, "urgency:normal")
    region = await play.say(migrant, "Gunma")
    assert any(b.payload == "topic:work" for b in region[-1].buttons)
    await play.tap(migrant, "topic:work")
    await play.say(migrant, "Công ty không trả lương 3 tháng.")
    summary = await play.tap(migrant, "intake:done")
    assert "Công ty không trả lương 3 tháng." in summary[-1].text
    done = await play.tap(migrant, "confirm:send")
    async with db.transaction() as session:
        case = (await session.scalars(__import__("sqlalchemy").select(Case))).one()
    assert case.number in done[0].text
    assert (case.hub, case.prefecture, case.language) == ("north_kanto", 10, "vi")

    offer = play.news(supporter)
    assert case.number in offer[-1].text
    # Outside a consultation day the supporter has hours, said in hours and in their language (ja).
    assert translator("ja").ngettext("Please answer within {n} hour.", "Please answer within {n} hours.", 4) in (
        offer[-1].text
    )
    accepted = await play.tap(supporter, Playground.button(offer, "offer:accept"))
    assert case.number in accepted[-1].text
    assert play.news(migrant)  # told that a supporter is looking at the case

    await play.say(migrant, "Tôi làm ở nhà máy ở Ota.")
    relayed = play.news(supporter)
    assert relayed[-1].text.endswith("Tôi làm ở nhà máy ở Ota.")
    assert case.number in relayed[-1].text
    await play.say(supporter, "Chị hãy mang hợp đồng lao động đến buổi tư vấn.")
    answer = play.news(migrant)
    assert answer[-1].text.endswith("Chị hãy mang hợp đồng lao động đến buổi tư vấn.")
    assert "tg-lan" not in answer[-1].text

    await play.tap(supporter, f"case:{case.id}:close")
    await play.tap(supporter, f"case:{case.id}:field:labour")
    await play.tap(supporter, f"case:{case.id}:action:advice")
    closed = await play.tap(supporter, f"case:{case.id}:result:resolved")
    assert case.number in closed[-1].text
    async with db.transaction() as session:
        case = await session.get(Case, case.id)
    assert case is not None
    assert case.status == "closed"
    assert case.outcome == {"policy_fields": ["labour"], "actions": ["advice"], "continued": False}
    assert any(b.payload.startswith("rate:") for m in play.news(migrant) for b in m.buttons)


async def test_commands_work_as_words_in_each_language(db: Database, services: Services) -> None:
    from handlers.language import SUPPORTED_LOCALES

    play = Playground(db, services)
    for code in SUPPORTED_LOCALES:
        tr = translator(code)
        person = play.person("telegram")
        await play.say(person, "/start")
        await play.tap(person, f"lang:{code}")
        status = await play.say(person, tr.pgettext("command keyword", "status").upper())
        assert status[-1].text == tr.gettext("You have no open consultation. Write to us to start one."), code
        help_text = await play.say(person, tr.pgettext("command keyword", "help"))
        assert tr.gettext("Commands:") in help_text[-1].text, code
