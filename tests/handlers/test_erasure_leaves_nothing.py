"""Erasure leaves nothing behind: no words, no ids, in any table nor in the bytes of the database files; the person
who writes again starts afresh; an erased case is never offered again; the supporter is told once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.playground import Person, Playground
from handlers.context import Services
from handlers.erasure import erase_on_request
from handlers.i18n import translator
from storage.db import Database
from storage.models import Base, Case, Contact, Offer, Timer
from storage.supporters import add_supporter
from tests.conftest import TEST_KEY, Clock
from tests.scenarios import open_case

QUESTION = "Minha chefe Kurosawa Midori retem meu passaporte TZ0841977 desde marco"
ADDED = "Ela disse que vai me mandar embora zq81 se eu reclamar"
REPLY = "Entendi. Guarde o contrato e as folhas de ponto, xw55."
LEFT = "The person of case {number} has erased their data and left. The case is closed; there is nothing more to do."


async def _supporters(db: Database, *addresses: str) -> None:
    async with db.transaction() as session:
        for address in addresses:
            await add_supporter(
                session,
                TEST_KEY,
                channel="line",
                address=address,
                alias=address,
                languages={"pt_BR": 3},
                hubs=["chubu_tokai"],
                topics=["work"],
                locale="pt_BR",
                capacity=5,
            )


async def _everything_stored(db: Database) -> str:
    """Every row of every table, as text."""
    parts = []
    async with db.transaction() as session:
        for table in Base.metadata.sorted_tables:
            rows = (await session.execute(select(table))).all()
            parts.extend(repr(tuple(row)) for row in rows)
    return "\n".join(parts)


def _file_bytes(db: Database) -> bytes:
    database = make_url(db.url).database
    assert database is not None
    return b"".join(p.read_bytes() for p in Path(database).parent.glob(Path(database).name + "*"))


async def test_a_whole_consultation_erased_leaves_no_word_nor_id_and_the_person_can_start_again(
    db: Database, services: Services, clock: Clock
) -> None:
    await _supporters(db, "U-ana-supporter")
    play = Playground(db, services)
    ana = Person("line", "U-ana-supporter")
    migrant = play.person("line")
    case = await open_case(play, migrant, QUESTION)
    await play.tap(ana, Playground.button(play.news(ana), "offer:accept"))
    await play.say(migrant, ADDED)
    assert play.news(ana)[-1].text.endswith(ADDED)
    await play.say(ana, REPLY)
    assert play.news(migrant)[-1].text.endswith(REPLY)
    async with db.transaction() as session:
        key = (await session.scalars(select(Contact.key).where(Contact.platform_user_id == migrant.address))).one()

    assert QUESTION in await _everything_stored(db)  # the search below finds what is there
    if db.is_sqlite:
        assert QUESTION.encode() in _file_bytes(db)

    await play.say(migrant, "/delete")
    await play.tap(migrant, "erase:yes")
    told = [m.text for m in play.news(ana)]
    assert told == [translator("pt_BR").gettext(LEFT, number=case.number)]
    assert told[0] != LEFT  # in Ana's language

    clock.advance(minutes=2)
    await play.tick()  # the platform id goes once the confirmation had time to leave
    secrets_ = [QUESTION, ADDED, REPLY, "Kurosawa", "TZ0841977", "zq81", "xw55", migrant.address, key]
    stored = await _everything_stored(db)
    assert [s for s in secrets_ if s in stored] == []
    if db.is_sqlite:
        raw = _file_bytes(db)
        assert [s for s in secrets_ if s.encode() in raw] == []
    async with db.transaction() as session:
        erased = await session.get(Case, case.id)
        assert erased is not None
        assert (erased.status, erased.contact_id, erased.question) == ("closed", None, None)

    # The person writes again: a new intake, which outlives the old erasure's timers.
    again = await play.say(migrant, "Olá, preciso de ajuda de novo")
    assert any(b.payload.startswith("lang:") for m in again for b in m.buttons)
    clock.advance(minutes=15)
    await play.tick()
    new_case = await open_case(play, migrant, "Outra pergunta sobre o meu visto", prefecture="Aichi")
    assert new_case.id != case.id
    clock.advance(minutes=15)
    await play.tick()
    async with db.transaction() as session:
        fresh = await session.get(Case, new_case.id)
        assert fresh is not None
        assert fresh.contact_id is not None
        assert await session.get(Contact, fresh.contact_id) is not None
        assert fresh.question == "Outra pergunta sobre o meu visto"


async def test_an_erased_case_with_pending_offers_is_never_offered_again(
    db: Database, services: Services, clock: Clock
) -> None:
    await _supporters(db, "U-ana-supporter", "U-bia-supporter")
    play = Playground(db, services)
    ana, bia = Person("line", "U-ana-supporter"), Person("line", "U-bia-supporter")
    migrant = play.person("line")
    case = await open_case(play, migrant, QUESTION)
    offered = [p for p in (ana, bia) if any(QUESTION in m.text for m in play.news(p))]
    assert len(offered) == 1
    await play.say(migrant, "/delete")
    await play.tap(migrant, "erase:yes")
    number_said = translator("pt_BR").gettext(LEFT, number=case.number)
    assert [m.text for m in play.news(offered[0])] == [number_said]

    for _ in range(4):
        clock.advance(hours=30)
        await play.tick()
    assert play.news(ana) == []
    assert play.news(bia) == []
    async with db.transaction() as session:
        statuses = (await session.scalars(select(Offer.status).where(Offer.case_id == case.id))).all()
        pending_timers = (await session.scalars(select(Timer.ref).where(Timer.fired_at.is_(None)))).all()
        erased = await session.get(Case, case.id)
    assert statuses == ["withdrawn"]
    assert "offer:" not in " ".join(pending_timers)
    assert erased is not None
    assert erased.status == "closed"


async def test_an_erasure_asked_for_outside_the_chat_tells_the_supporter_once_in_their_language(
    db: Database, services: Services, clock: Clock
) -> None:
    """`hotline erase AB-2345`: the person wrote a letter; Ana, who holds the case, hears once that they left."""
    await _supporters(db, "U-ana-supporter")
    play = Playground(db, services)
    ana = Person("line", "U-ana-supporter")
    migrant = play.person("line")
    case = await open_case(play, migrant, QUESTION)
    await play.tap(ana, Playground.button(play.news(ana), "offer:accept"))
    play.news(ana)
    play.news(migrant)

    async with db.transaction() as session:
        erasure = await erase_on_request(session, case.number.lower(), (TEST_KEY,), clock())
    await play.tick()
    assert erasure.cases == 1
    assert [m.text for m in play.news(ana)] == [translator("pt_BR").gettext(LEFT, number=case.number)]
    assert play.news(migrant) == []  # the request came by letter: nothing is sent to the erased person

    for _ in range(3):
        clock.advance(hours=30)
        await play.tick()
    assert play.news(ana) == []
    async with db.transaction() as session:
        with pytest.raises(LookupError):
            await erase_on_request(session, case.number, (TEST_KEY,), clock())


async def _taken_case(db: Database, services: Services) -> tuple[Playground, Person, Person, Case]:
    await _supporters(db, "U-ana-supporter")
    play = Playground(db, services)
    ana = Person("line", "U-ana-supporter")
    migrant = play.person("line")
    case = await open_case(play, migrant, QUESTION)
    await play.tap(ana, Playground.button(play.news(ana), "offer:accept"))
    play.news(ana)
    return play, ana, migrant, case


async def test_old_buttons_of_a_closed_case_answer_kindly_and_change_nothing(db: Database, services: Services) -> None:
    play, ana, _migrant, case = await _taken_case(db, services)
    for step in ("close", "field:labour", "action:advice", "result:resolved"):
        await play.tap(ana, f"case:{case.id}:{step}")
    play.news(ana)
    closed = translator("pt_BR").gettext("Case {number} is closed. Thank you.", number=case.number)
    for step in ("hold", "transfer_to:kansai", "note", "interpreter", "result:continued"):
        assert [m.text for m in await play.tap(ana, f"case:{case.id}:{step}")] == [closed]
    async with db.transaction() as session:
        after = await session.get(Case, case.id)
        offers = (await session.scalars(select(Offer.status).where(Offer.case_id == case.id))).all()
    assert after is not None
    assert (after.status, after.outcome["continued"]) == ("closed", False)
    assert offers == ["accepted"]


async def test_buttons_of_an_erased_case_act_on_nothing(db: Database, services: Services) -> None:
    play, ana, migrant, case = await _taken_case(db, services)
    await play.say(migrant, "/delete")
    await play.tap(migrant, "erase:yes")
    play.news(ana)
    answer = await play.tap(ana, f"case:{case.id}:reply")
    assert [m.text for m in answer] == [
        translator("pt_BR").gettext("Case {number} is closed. Thank you.", number=case.number)
    ]
    # Ana's next message goes nowhere near the erased case.
    await play.say(ana, "Ainda está aí?")
    async with db.transaction() as session:
        assert (await session.get(Case, case.id)).question is None  # type: ignore[union-attr]
    assert play.news(migrant) == []


async def test_an_outcome_with_free_text_is_refused_and_never_stored(db: Database, services: Services) -> None:
    play, ana, _migrant, case = await _taken_case(db, services)
    await play.tap(ana, f"case:{case.id}:close")
    await play.tap(ana, f"case:{case.id}:field:labour")
    refused = await play.tap(ana, f"case:{case.id}:action:Kurosawa paid 3000 yen")
    assert [m.text for m in refused] == [translator("pt_BR").gettext("Sorry, I did not understand.")]
    refused = await play.tap(ana, f"case:{case.id}:result:Kurosawa")
    assert [m.text for m in refused] == [translator("pt_BR").gettext("Sorry, I did not understand.")]
    await play.tap(ana, f"case:{case.id}:action:advice")
    await play.tap(ana, f"case:{case.id}:result:resolved")
    async with db.transaction() as session:
        closed = await session.get(Case, case.id)
    assert closed is not None
    assert closed.status == "closed"
    assert closed.outcome["actions"] == ["advice"]
    assert "Kurosawa paid" not in await _everything_stored(db)


async def test_someone_who_erases_twice_in_a_minute_is_erased_twice(
    db: Database, services: Services, clock: Clock
) -> None:
    play = Playground(db, services)
    migrant = play.person("line")
    for _ in range(2):
        await play.say(migrant, "Olá")
        await play.tap(migrant, "lang:pt_BR")
        await play.say(migrant, "/delete")
        done = await play.tap(migrant, "erase:yes")
        assert done[-1].text == translator("pt_BR").gettext(
            "Your data has been erased. Thank you for contacting us. Take care."
        )
    clock.advance(minutes=2)
    await play.tick()
    async with db.transaction() as session:
        assert (
            await session.scalars(select(Contact.id).where(Contact.platform_user_id == migrant.address))
        ).all() == []
