"""The first minute of a consultation and its seams: help numbers at once, urgency that changes what happens,
a language change that goes on where the person was, and nothing a person wrote thrown away."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.playground import Person, Playground
from handlers.context import Services
from handlers.i18n import translator
from storage.db import Database
from storage.models import Case, Offer
from storage.supporters import add_supporter
from tests.conftest import TEST_KEY


async def _supporter(play: Playground, address: str, locale: str = "en", **profile: object) -> Person:
    async with play.db.transaction() as session:
        await add_supporter(
            session,
            TEST_KEY,
            channel="telegram",
            address=address,
            alias=address,
            locale=locale,
            **profile,  # type: ignore[arg-type]
        )
    return Person("telegram", address)


async def _to_urgency(play: Playground, migrant: Person, language: str) -> None:
    await play.say(migrant, "Hello")
    await play.tap(migrant, f"lang:{language}")
    await play.tap(migrant, "consent:yes")


async def _case(db: Database) -> Case:
    async with db.transaction() as session:
        return (await session.scalars(select(Case).order_by(Case.id.desc()).limit(1))).one()


async def test_the_first_reply_gives_110_and_119_with_the_words_to_say(db: Database, services: Services) -> None:
    play = Playground(db, services)
    migrant = play.person("telegram")
    first = await play.say(migrant, "ខ្ញុំត្រូវការជំនួយ ថៅកែមិនបើកប្រាក់ខែ")
    tr = translator("km")
    assert len(first) == 1
    text = first[0].text
    assert "110" in text
    assert "119" in text
    assert tr.gettext("If your life is in danger, call now:") in text
    assert "「たすけて」 (tasukete) – " + tr.gettext("Help me!") in text
    assert "「きゅうきゅうしゃ を おねがいします」" in text
    assert tr.gettext("My address is …") in text
    assert text.rstrip().endswith(tr.gettext("Tap a button, or write the name of your language."))
    assert first[0].buttons[0].payload == "lang:km"


async def test_in_danger_parallel_short_offers_honest_words_and_an_immediate_coordinator_alert(
    db: Database, services: Services
) -> None:
    play = Playground(db, services)
    people = [await _supporter(play, f"tg-d{i}", languages={"vi": 3}, hubs=["north_kanto"]) for i in range(4)]
    coordinator = await _supporter(play, "tg-coord", "ja", languages={"ja": 3}, hubs=["capital"], coordinator=True)
    migrant = play.person("line")
    await _to_urgency(play, migrant, "vi")
    await play.tap(migrant, "urgency:danger")
    await play.say(migrant, "Gunma")
    await play.tap(migrant, "topic:family")
    await play.say(migrant, "Chồng tôi đánh tôi.")
    await play.tap(migrant, "intake:done")
    told = await play.tap(migrant, "confirm:send")
    case = await _case(db)

    async with db.transaction() as session:
        offers = (await session.scalars(select(Offer).where(Offer.case_id == case.id))).all()
    assert len(offers) == services.urgent_fan_out == 3
    assert {o.expires_at - o.created_at for o in offers} == {services.urgent_offer_timeout}
    assert services.urgent_offer_timeout < services.offer_timeout
    offered = [play.news(person) for person in people]
    assert sum(bool(news) for news in offered) == 3
    assert all("first to accept" in news[-1].text for news in offered if news)

    tr = translator("vi")
    words = "\n".join(m.text for m in told)
    assert (
        tr.gettext("Your consultation is urgent. We have asked several supporters at once and told our coordinator.")
        in words
    )
    never = tr.gettext("A supporter will answer you here. This usually takes less than {hours} hours.", hours=24)
    assert never not in words
    assert "24" not in words.replace(case.number, "")  # no promise of 24 hours; the random case number may hold "24"

    alert = play.news(coordinator)[-1].text
    ja = translator("ja")
    assert alert.startswith(
        "🚨 "
        + ja.gettext(
            "Urgent: case {number} is from a person in danger now. It is offered to several supporters.",
            number=case.number,
        )
    )
    assert ja.gettext("Area: {place}", place="群馬県") in alert
    assert ja.gettext("Language: {language}", language="ベトナム語") in alert
    assert "case 1" not in alert
    assert "north_kanto" not in alert
    assert "offer to" not in alert


async def test_soon_is_told_a_few_hours_and_not_urgent_is_told_a_day(db: Database, services: Services) -> None:
    play = Playground(db, services)
    await _supporter(play, "tg-s", languages={"es": 3}, hubs=["capital"], capacity=5)
    tr = translator("es")
    for urgency, expected in (
        ("soon", "A supporter will answer you here. We have asked them to answer within a few hours."),
        ("normal", "A supporter will answer you here. This usually takes less than {hours} hours."),
    ):
        migrant = play.person("line")
        await _to_urgency(play, migrant, "es")
        await play.tap(migrant, f"urgency:{urgency}")
        await play.say(migrant, "Tokyo")
        await play.tap(migrant, "topic:work")
        await play.say(migrant, "No me pagan el sueldo.")
        await play.tap(migrant, "intake:done")
        told = await play.tap(migrant, "confirm:send")
        assert told[-1].text == tr.gettext(expected, hours=24)


async def test_a_language_change_half_way_asks_the_pending_question_again(db: Database, services: Services) -> None:
    play = Playground(db, services)
    migrant = play.person("line")
    await _to_urgency(play, migrant, "en")
    menu = await play.say(migrant, "/language")
    assert any(b.payload == "lang:th" for b in menu[-1].buttons)
    changed = await play.tap(migrant, "lang:th")
    th = translator("th")
    assert changed[0].text == th.gettext("The language is now English.")
    assert changed[-1].text == th.gettext("Are you in danger now?")
    assert [b.payload for b in changed[-1].buttons] == ["urgency:danger", "urgency:soon", "urgency:normal"]
    next_step = await play.tap(migrant, "urgency:normal")
    assert th.gettext("Sorry, I did not understand.") not in next_step[0].text
    assert next_step[-1].text.startswith(
        th.gettext("Where do you live? Choose your area, or write the name of your prefecture.")
    )

    # Typed instead of tapped: the language named right after /language is taken, and the question comes again.
    await play.say(migrant, "/language")
    typed = await play.say(migrant, "Tiếng Việt")
    vi = translator("vi")
    assert typed[0].text == vi.gettext("The language is now English.")
    assert typed[-1].text.startswith(
        vi.gettext("Where do you live? Choose your area, or write the name of your prefecture.")
    )
    assert all(
        b.label == vi.pgettext("region", "North Kanto") for b in typed[-1].buttons if b.payload == "hub:north_kanto"
    )


async def test_gibberish_at_the_language_menu_shows_the_menu_again(db: Database, services: Services) -> None:
    play = Playground(db, services)
    migrant = play.person("telegram", locale_hint="vi")
    await play.follow(migrant)
    again = await play.say(migrant, "??")
    vi = translator("vi")
    assert vi.gettext("Sorry, I did not understand.") in again[-1].text
    assert vi.gettext("Please choose your language.") in again[-1].text
    assert any(b.payload == "lang:km" for b in again[-1].buttons)
    assert vi.gettext("Do you agree?") not in again[-1].text
    consent = await play.tap(migrant, "lang:km")
    assert translator("km").gettext("Do you agree?") in consent[-1].text


async def test_a_first_question_over_4000_characters_is_kept_whole(db: Database, services: Services) -> None:
    play = Playground(db, services)
    migrant = play.person("line")
    await _to_urgency(play, migrant, "en")
    await play.tap(migrant, "urgency:normal")
    await play.say(migrant, "Tokyo")
    await play.tap(migrant, "topic:work")
    long = " ".join(f"Day {i}: the company kept my passport and did not pay me." for i in range(90))
    assert len(long) > 4000
    told = await play.say(migrant, long)
    assert "we have kept all of it" in told[0].text
    await play.tap(migrant, "confirm:send")
    case = await _case(db)
    assert case.question == long


async def test_a_supporter_asking_for_help_gets_the_supporters_commands(db: Database, services: Services) -> None:
    play = Playground(db, services)
    lan = await _supporter(play, "tg-lan", "vi", languages={"vi": 3}, hubs=["north_kanto"])
    shown = (await play.say(lan, "/help"))[-1].text
    vi = translator("vi")
    assert shown.startswith(vi.gettext("Commands for supporters:"))
    assert "/cases" in shown
    assert vi.gettext("/delete – erase your data") not in shown
    assert vi.gettext("/status – see your consultation") not in shown


async def test_dates_in_easy_japanese_are_written_in_kana(services: Services) -> None:
    moment = dt.datetime(2026, 12, 6, 5, 0, tzinfo=dt.UTC)  # 14:00 in Tokyo, a Sunday
    easy = translator("ja_easy")
    assert easy.date(moment) == "12がつ 6にち（にちようび）"
    assert easy.datetime(moment) == "12がつ 6にち（にちようび） 14:00"
    assert translator("ja").date(moment) == "2026年12月6日日曜日"
