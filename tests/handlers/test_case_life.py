"""The life of a case after acceptance: the case menu, interpreters, transfers, notes, hold, follow-ups, aid, reopen."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from bot.playground import Person, Playground
from handlers.closing import parse_yen
from handlers.context import Services
from handlers.i18n import translator
from storage.db import Database
from storage.models import AnalyticCase, Case, CaseMessage
from storage.supporters import add_supporter
from tests.conftest import TEST_KEY, Clock
from tests.scenarios import open_case


@dataclass
class Cast:
    ana: Person = field(default_factory=lambda: Person("line", "U-ana-supporter"))  # pt_BR, ja; Chubu and Tokai
    carla: Person = field(default_factory=lambda: Person("telegram", "tg-carla-supporter"))  # pt_BR; Kyushu only
    ivo: Person = field(default_factory=lambda: Person("line", "U-ivo-interpreter"))  # pt_BR <-> ja, Kansai
    mei: Person = field(default_factory=lambda: Person("telegram", "tg-mei-coordinator"))


async def seed(db: Database) -> Cast:
    cast = Cast()
    ana, carla, ivo, mei = cast.ana, cast.carla, cast.ivo, cast.mei
    async with db.transaction() as session:
        await add_supporter(
            session,
            TEST_KEY,
            channel="line",
            address=ana.address,
            alias="Ana",
            languages={"pt_BR": 3, "ja": 2},
            hubs=["chubu_tokai"],
            topics=["work"],
            locale="pt_BR",
            capacity=5,
        )
        await add_supporter(
            session,
            TEST_KEY,
            channel="telegram",
            address=carla.address,
            alias="Carla",
            languages={"pt_BR": 3},
            hubs=["kyushu_okinawa"],
            locale="pt_BR",
            national_pool=False,
        )
        await add_supporter(
            session,
            TEST_KEY,
            channel="line",
            address=ivo.address,
            alias="Ivo",
            languages={"pt_BR": 3, "ja": 3},
            hubs=["kansai"],
            locale="ja",
            interpreter=True,
            national_pool=False,
        )
        await add_supporter(
            session,
            TEST_KEY,
            channel="telegram",
            address=mei.address,
            alias="Mei",
            languages={"ja": 3},
            hubs=["capital"],
            locale="en",
            coordinator=True,
            available=False,
        )
    return cast


async def accepted_case(play: Playground, ana: Person, migrant: Person, question: str, language: str = "pt_BR") -> Case:
    case = await open_case(play, migrant, question, language=language)
    await play.tap(ana, Playground.button(play.news(ana), "offer:accept"))
    play.news(migrant)
    return case


async def stored(db: Database, case_id: int) -> Case:
    async with db.transaction() as session:
        case = await session.get(Case, case_id)
    assert case is not None
    return case


async def test_cases_lists_each_open_case_with_its_actions(db: Database, services: Services) -> None:
    cast = await seed(db)
    ana = cast.ana
    play = Playground(db, services)
    cases = [await accepted_case(play, ana, play.person("line"), f"Pergunta {n}") for n in range(2)]

    menu = await play.say(ana, "/cases")

    assert sorted(m.text.splitlines()[0] for m in menu) == sorted(
        translator("pt_BR").gettext("Case {number}", number=c.number) for c in cases
    )
    for message, case in zip(sorted(menu, key=lambda m: m.text), sorted(cases, key=lambda c: c.number), strict=True):
        verbs = [b.payload.split(":")[2] for b in message.buttons]
        assert verbs == ["reply", "interpreter", "transfer", "note", "hold", "followup", "close"]
        assert all(b.payload.startswith(f"case:{case.id}:") for b in message.buttons)
        assert all(len(b.payload.encode()) <= 64 and len(b.label) <= 20 for b in message.buttons)


async def test_an_interpreter_joins_and_the_three_talk(db: Database, services: Services) -> None:
    cast = await seed(db)
    ana, ivo = cast.ana, cast.ivo
    play = Playground(db, services)
    migrant = play.person("line")
    case = await accepted_case(play, ana, migrant, "Meu patrão não paga")

    await play.tap(ana, f"case:{case.id}:interpreter")
    asked = play.news(ivo)
    assert case.number in asked[-1].text
    await play.tap(ivo, Playground.button(asked, "offer:accept"))
    assert play.news(migrant)[-1].text == translator("pt_BR").gettext("An interpreter has joined your consultation.")

    await play.say(migrant, "Ele não paga há dois meses")
    assert play.news(ana)[-1].text.endswith("Ele não paga há dois meses")
    assert play.news(ivo)[-1].text.endswith("Ele não paga há dois meses")

    await play.say(ivo, "二か月、給料が払われていないそうです。")
    pt, ja = translator("pt_BR"), translator("ja")
    assert play.news(ana)[-1].text.startswith(f"[{pt.gettext('Case {number}', number=case.number)} · ")
    assert play.news(migrant)[-1].text.startswith(f"[{pt.gettext('Interpreter')}]")

    await play.say(ana, "Vamos ajudar.")
    assert play.news(migrant)[-1].text.endswith("Vamos ajudar.")
    to_ivo = play.news(ivo)[-1].text
    assert to_ivo.startswith(f"[{ja.gettext('Case {number}', number=case.number)} · {ja.gettext('Supporter')}]")


async def test_a_transfer_across_hubs_passes_the_case_on(db: Database, services: Services) -> None:
    cast = await seed(db)
    ana, carla = cast.ana, cast.carla
    play = Playground(db, services)
    migrant = play.person("line")
    case = await accepted_case(play, ana, migrant, "Preciso mudar para Fukuoka")

    hubs = await play.tap(ana, f"case:{case.id}:transfer")
    assert f"case:{case.id}:transfer_to:kyushu_okinawa" in {b.payload for b in hubs[-1].buttons}
    await play.tap(ana, f"case:{case.id}:transfer_to:kyushu_okinawa")

    assert play.news(migrant)[-1].text == translator("pt_BR").gettext(
        "Your consultation {number} is being passed to another supporter.", number=case.number
    )
    offer = play.news(carla)
    await play.tap(carla, Playground.button(offer, "offer:accept"))
    assert (await stored(db, case.id)).status == "active"

    refused = await play.tap(ana, f"case:{case.id}:close")
    assert refused[-1].text == translator("pt_BR").gettext("You can only act on your own cases.")
    await play.say(migrant, "Obrigado")
    assert play.news(carla)[-1].text.endswith("Obrigado")
    assert not any(m.text.endswith("Obrigado") for m in play.news(ana))


async def test_a_declined_transfer_never_returns_to_the_old_supporter(db: Database, services: Services) -> None:
    cast = await seed(db)
    ana, carla = cast.ana, cast.carla
    play = Playground(db, services)
    case = await accepted_case(play, ana, play.person("line"), "Preciso de ajuda")
    await play.tap(ana, f"case:{case.id}:transfer_to:kyushu_okinawa")
    await play.tap(carla, Playground.button(play.news(carla), "offer:decline"))

    assert not any(b.payload.startswith("offer:") for m in play.news(ana) for b in m.buttons)
    assert (await stored(db, case.id)).supporter_id is None


async def test_a_note_stays_inside_and_hold_is_told_to_the_migrant(db: Database, services: Services) -> None:
    cast = await seed(db)
    ana = cast.ana
    play = Playground(db, services)
    migrant = play.person("line")
    case = await accepted_case(play, ana, migrant, "Meu passaporte está com a empresa")

    await play.tap(ana, f"case:{case.id}:note")
    await play.say(ana, "Possível retenção de passaporte: falar com o advogado.")
    assert play.news(migrant) == []
    async with db.transaction() as session:
        notes = (await session.scalars(select(CaseMessage.text).where(CaseMessage.author == "note"))).all()
    assert notes == ["Possível retenção de passaporte: falar com o advogado."]

    await play.tap(ana, f"case:{case.id}:hold")
    assert play.news(migrant)[-1].text == translator("pt_BR").gettext(
        "Your consultation {number} is on hold. Your supporter will contact you again.", number=case.number
    )
    assert (await stored(db, case.id)).status == "on_hold"
    await play.say(ana, "Voltei, falei com o advogado.")
    assert play.news(migrant)[-1].text.endswith("Voltei, falei com o advogado.")
    assert (await stored(db, case.id)).status == "active"


async def test_a_follow_up_reminder_arrives_on_its_day(db: Database, services: Services, clock: Clock) -> None:
    cast = await seed(db)
    ana = cast.ana
    play = Playground(db, services)
    case = await accepted_case(play, ana, play.person("line"), "Preciso voltar ao hospital")

    choices = await play.tap(ana, f"case:{case.id}:followup")
    assert [b.payload.rsplit(":", 1)[1] for b in choices[-1].buttons] == ["1", "3", "7", "14", "30"]
    await play.tap(ana, f"case:{case.id}:followup_in:3")

    clock.advance(days=2, hours=23)
    await play.tick()
    assert play.news(ana) == []
    clock.advance(hours=2)
    await play.tick()
    reminder = play.news(ana)
    assert len(reminder) == 1
    assert case.number in reminder[0].text
    assert f"case:{case.id}:close" in {b.payload for b in reminder[0].buttons}


async def test_an_untouched_case_alerts_the_coordinator(db: Database, services: Services, clock: Clock) -> None:
    cast = await seed(db)
    ana, mei = cast.ana, cast.mei
    play = Playground(db, services)
    migrant = play.person("line")
    case = await accepted_case(play, ana, migrant, "Preciso de ajuda")
    play.news(mei)

    clock.advance(days=5)
    await play.say(migrant, "Alguma novidade?")  # activity moves the watch on
    clock.advance(days=3)
    await play.tick()
    assert play.news(mei) == []
    clock.advance(days=5)
    await play.tick()
    assert any(case.number in m.text for m in play.news(mei))


async def test_an_outcome_with_emergency_aid_is_recorded(db: Database, services: Services) -> None:
    cast = await seed(db)
    ana = cast.ana
    play = Playground(db, services)
    case = await accepted_case(play, ana, play.person("line"), "Fui demitida e não tenho onde morar")

    await play.tap(ana, f"case:{case.id}:close")
    await play.tap(ana, f"case:{case.id}:field:labour")
    fields = await play.tap(ana, f"case:{case.id}:field:women")
    assert sum(b.label.startswith("✓") for b in fields[-1].buttons) == 2
    await play.tap(ana, f"case:{case.id}:fields_done")
    categories = await play.tap(ana, f"case:{case.id}:action:emergency_aid")
    assert f"case:{case.id}:aid:shelter" in {b.payload for b in categories[-1].buttons}
    await play.tap(ana, f"case:{case.id}:aid:shelter")
    again = await play.say(ana, "muito")
    assert not again[-1].buttons  # not an amount: asked again
    await play.say(ana, "1.5万")
    await play.tap(ana, f"case:{case.id}:result:continued")

    closed = await stored(db, case.id)
    assert closed.status == "closed"
    assert closed.outcome == {
        "policy_fields": ["labour", "women"],
        "actions": ["emergency_aid"],
        "aid_category": "shelter",
        "aid_yen": 15000,
        "continued": True,
    }
    async with db.transaction() as session:
        row = (await session.scalars(select(AnalyticCase))).one()
    assert (row.aid_category, row.aid_yen) == ("shelter", 15000)


async def test_an_old_button_of_a_closed_case_does_nothing_but_say_so(db: Database, services: Services) -> None:
    cast = await seed(db)
    ana = cast.ana
    play = Playground(db, services)
    migrant = play.person("line")
    case = await accepted_case(play, ana, migrant, "Meu patrão não paga as horas extras")
    for step in ("close", "fields_done", "action:advice", "result:resolved"):
        await play.tap(ana, f"case:{case.id}:{step}")
    closed = await stored(db, case.id)
    play.news(migrant)

    answer = await play.tap(ana, f"case:{case.id}:result:continued")
    assert case.number in answer[-1].text
    assert (await stored(db, case.id)).outcome == closed.outcome  # not closed a second time
    await play.tap(ana, f"case:{case.id}:hold")
    assert (await stored(db, case.id)).status == "closed"
    assert play.news(migrant) == []  # the migrant hears nothing more
    async with db.transaction() as session:
        assert len((await session.scalars(select(AnalyticCase))).all()) == 1


def test_amounts_are_read_as_people_type_them() -> None:
    assert parse_yen("15000") == 15000
    assert parse_yen("15,000") == 15000
    assert parse_yen("１５０００円") == 15000
    assert parse_yen("1.5万") == 15000
    assert parse_yen("¥ 3,000") == 3000
    assert parse_yen("a lot") is None
    assert parse_yen("1.5") is None


async def test_a_migrant_reopens_within_the_window(db: Database, services: Services, clock: Clock) -> None:
    cast = await seed(db)
    ana = cast.ana
    play = Playground(db, services)
    migrant = play.person("line")
    case = await accepted_case(play, ana, migrant, "Preciso de ajuda")
    await play.tap(ana, f"case:{case.id}:close")
    await play.tap(ana, f"case:{case.id}:fields_done")
    await play.tap(ana, f"case:{case.id}:action:advice")
    await play.tap(ana, f"case:{case.id}:result:resolved")
    closing = play.news(migrant)
    play.news(ana)

    clock.advance(days=3)
    await play.tap(migrant, Playground.button(closing, "reopen:"))
    assert (await stored(db, case.id)).status == "active"
    assert case.number in play.news(ana)[-1].text
    await play.say(migrant, "O problema voltou")
    assert play.news(ana)[-1].text.endswith("O problema voltou")


async def test_reopening_after_the_window_is_refused(db: Database, services: Services, clock: Clock) -> None:
    cast = await seed(db)
    ana = cast.ana
    play = Playground(db, services)
    migrant = play.person("line")
    case = await accepted_case(play, ana, migrant, "Preciso de ajuda")
    await play.tap(ana, f"case:{case.id}:result:resolved")
    closing = play.news(migrant)

    clock.advance(days=15)
    refused = await play.tap(migrant, Playground.button(closing, "reopen:"))
    assert refused[-1].text == translator("pt_BR").gettext(
        "This consultation can no longer be reopened. Write to us to start a new one."
    )
    assert (await stored(db, case.id)).status == "closed"


async def test_writing_again_soon_after_close_offers_to_reopen(db: Database, services: Services, clock: Clock) -> None:
    cast = await seed(db)
    ana = cast.ana
    play = Playground(db, services)
    migrant = play.person("line")
    case = await accepted_case(play, ana, migrant, "Preciso de ajuda")
    await play.tap(ana, f"case:{case.id}:result:resolved")
    play.news(migrant)
    play.news(ana)

    clock.advance(days=2)
    asked = await play.say(migrant, "O patrão ainda não pagou")
    assert asked[-1].text == translator("pt_BR").gettext("Reopen consultation {number}?", number=case.number)
    await play.tap(migrant, Playground.button(asked, f"reopen:{case.id}"))
    assert (await stored(db, case.id)).status == "active"
    assert play.news(ana)[-1].text.endswith("O patrão ainda não pagou")


async def test_a_new_consultation_instead_of_reopening_starts_intake(
    db: Database, services: Services, clock: Clock
) -> None:
    cast = await seed(db)
    ana = cast.ana
    play = Playground(db, services)
    migrant = play.person("line")
    case = await accepted_case(play, ana, migrant, "Preciso de ajuda")
    await play.tap(ana, f"case:{case.id}:result:resolved")
    play.news(migrant)

    clock.advance(days=2)
    asked = await play.say(migrant, "Outra pergunta")
    started = await play.tap(migrant, Playground.button(asked, "reopen:new"))
    assert started
    assert (await stored(db, case.id)).status == "closed"
    again = await play.say(migrant, "Mais uma coisa")
    assert not any(b.payload.startswith("reopen:") for m in again for b in m.buttons)


async def test_when_the_interpreter_declines_the_next_one_is_asked(db: Database, services: Services) -> None:
    cast = await seed(db)
    ana, ivo, mei = cast.ana, cast.ivo, cast.mei
    rui = Person("telegram", "tg-rui-interpreter")
    async with db.transaction() as session:
        await add_supporter(
            session,
            TEST_KEY,
            channel=rui.channel,
            address=rui.address,
            alias="Rui",
            languages={"pt_BR": 3, "ja": 3},
            hubs=["kyushu_okinawa"],
            locale="pt_BR",
            interpreter=True,
        )
    play = Playground(db, services)
    case = await accepted_case(play, ana, play.person("line"), "Preciso de intérprete")

    await play.tap(ana, f"case:{case.id}:interpreter")
    first = play.news(ivo)  # Kansai neighbours Chubu/Tokai, so Ivo is asked first
    await play.tap(ivo, Playground.button(first, "offer:decline"))
    second = play.news(rui)
    assert case.number in second[-1].text
    await play.tap(rui, Playground.button(second, "offer:decline"))
    assert any(case.number in m.text for m in play.news(mei))  # nobody left: the coordinator hears of it
    assert (await stored(db, case.id)).interpreter_id is None
