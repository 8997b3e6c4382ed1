"""The relay between migrants and supporters: the right case, the right people, and no account ever shown."""

from __future__ import annotations

from sqlalchemy import select

from bot.playground import Person, Playground
from handlers.context import Services
from handlers.i18n import translator
from storage.db import Database
from storage.models import AuditEntry, Case
from storage.supporters import add_supporter
from tests.conftest import TEST_KEY
from tests.scenarios import open_case


async def seed(db: Database) -> None:
    async with db.transaction() as session:
        await add_supporter(
            session,
            TEST_KEY,
            channel="line",
            address="U-ana-supporter",
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
            address="tg-bruno-supporter",
            alias="Bruno",
            languages={"es": 3},
            hubs=["kansai"],
            topics=["work"],
            locale="es",
            capacity=5,
        )


async def test_a_supporter_with_three_cases_replies_to_the_right_one(db: Database, services: Services) -> None:
    await seed(db)
    play = Playground(db, services)
    ana = Person("line", "U-ana-supporter")
    migrants = [play.person("line") for _ in range(3)]
    cases = []
    for number, migrant in enumerate(migrants):
        case = await open_case(play, migrant, f"Pergunta número {number}")
        await play.tap(ana, Playground.button(play.news(ana), "offer:accept"))
        cases.append(case)
    for migrant in migrants:
        play.news(migrant)

    # With a case number in front, the message goes straight to that case.
    await play.say(ana, f"{cases[1].number} Resposta para o segundo caso")
    assert [m.text.splitlines()[-1] for m in play.news(migrants[1])] == ["Resposta para o segundo caso"]
    assert play.news(migrants[0]) == []
    assert play.news(migrants[2]) == []

    # Without one, Ana is asked which case, and sees each case number on a button.
    question = await play.say(ana, "Pode me mandar o contrato?")
    assert {b.label for b in question[-1].buttons} == {c.number for c in cases}
    await play.tap(ana, f"case:{cases[2].id}:send")
    assert play.news(migrants[2])[-1].text.endswith("Pode me mandar o contrato?")
    assert play.news(migrants[0]) == []

    # Each migrant's message reaches Ana labelled with the right case number.
    await play.say(migrants[0], "Obrigado")
    assert cases[0].number in play.news(ana)[-1].text


async def test_acting_on_another_supporters_case_is_refused_and_audited(db: Database, services: Services) -> None:
    await seed(db)
    play = Playground(db, services)
    ana = Person("line", "U-ana-supporter")
    bruno = Person("telegram", "tg-bruno-supporter")
    case = await open_case(play, play.person("line"), "Meu patrão não paga")
    await play.tap(ana, Playground.button(play.news(ana), "offer:accept"))

    refused = await play.tap(bruno, f"case:{case.id}:close")
    assert len(refused) == 1
    assert refused[0].text == translator("es").gettext("You can only act on your own cases.")
    async with db.transaction() as session:
        entry = (await session.scalars(select(AuditEntry).where(AuditEntry.allowed.is_(False)))).one()
        still = await session.get(Case, case.id)
    assert (entry.case_id, entry.action) == (case.id, "close")
    assert still is not None
    assert still.status == "active"


async def test_no_account_crosses_the_relay(db: Database, services: Services) -> None:
    await seed(db)
    play = Playground(db, services)
    ana = Person("line", "U-ana-supporter")
    migrant = Person("line", "U-migrant-secret-4711", "pt-BR")
    case = await open_case(play, migrant, "Preciso de ajuda com o visto")
    await play.tap(ana, Playground.button(play.news(ana), "offer:accept"))
    await play.say(migrant, "Meu nome aparece?")
    await play.say(ana, "Não, ninguém vê sua conta.")
    await play.tap(ana, f"case:{case.id}:close")

    to_supporters = [m.text for m in play.received(ana)]
    to_migrant = [m.text for m in play.received(migrant)]
    assert to_supporters
    assert to_migrant
    assert not any("U-migrant-secret-4711" in text for text in to_supporters)
    assert not any("U-ana-supporter" in text or "Ana" in text.split() for text in to_migrant)
    assert to_migrant[-1].endswith("Não, ninguém vê sua conta.") or any(
        t.endswith("Não, ninguém vê sua conta.") for t in to_migrant
    )
