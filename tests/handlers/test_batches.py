"""Events processed together in one batch of the inbox worker see what the earlier events of the batch did.

The worker reads what a batch needs (contacts, conversations, open cases, event ids) once for the batch and writes
the batch's messages together at its end; a case opened or closed by one event must still decide where the next
event of the same person goes, and an erasure must still find the messages queued by the events before it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json

from sqlalchemy import func, select

from bot.playground import Person, Playground
from handlers.context import Services
from handlers.i18n import translator
from handlers.inbox import InboxWorker
from handlers.messages import PAYLOAD, TEXT, Inbound
from storage import inbox
from storage.db import Database
from storage.inbox import NewEvent
from storage.models import Case, CaseMessage, Contact, Conversation, OutboxMessage
from storage.states import CaseStatus
from storage.supporters import add_supporter
from tests.conftest import TEST_KEY
from tests.scenarios import open_case

_ids = itertools.count(1)


class InboundReader:
    """Inbox events as this test keeps them: the fields of an `Inbound`, as JSON."""

    async def read(self, channel: str, raw: str, received_at: dt.datetime) -> list[Inbound]:
        return [Inbound(**json.loads(raw), received_at=received_at)]


def said(person: Person, text: str) -> NewEvent:
    return _event(person, kind=TEXT, text=text)


def tapped(person: Person, payload: str) -> NewEvent:
    return _event(person, kind=PAYLOAD, payload=payload)


def _event(person: Person, **fields: str) -> NewEvent:
    event_id = f"batch-{next(_ids)}"
    raw = json.dumps({"channel": person.channel, "address": person.address, "event_id": event_id, **fields})
    return NewEvent(person.channel, event_id, person.address, raw)


async def in_one_batch(play: Playground, *events: NewEvent) -> None:
    """The events are kept, then processed by one worker in one transaction, and what they queued is sent."""
    async with play.db.transaction() as session:
        await inbox.append(session, events, play.services.clock())
    worker = InboxWorker(play.db, play.services, InboundReader(), budget=60)
    assert await worker.drain_once() == len(events)
    await play.sender.drain_once()


async def test_a_message_after_sending_the_consultation_in_the_same_batch_joins_the_new_case(
    db: Database, services: Services
) -> None:
    play = Playground(db, services)
    migrant = play.person("line")
    await play.say(migrant, "Olá, preciso de ajuda")
    await play.tap(migrant, "lang:pt_BR")
    await play.tap(migrant, "consent:yes")
    await play.tap(migrant, "urgency:normal")
    await play.say(migrant, "Aichi")
    await play.tap(migrant, "topic:work")
    await play.say(migrant, "Meu salário não foi pago.")
    await play.tap(migrant, "intake:done")
    play.news(migrant)

    await in_one_batch(play, tapped(migrant, "confirm:send"), said(migrant, "Também perdi meu visto."))

    async with db.read() as session:
        case_id, number = (await session.execute(select(Case.id, Case.number))).one()
        texts = (await session.scalars(select(CaseMessage.text).where(CaseMessage.case_id == case_id))).all()
    assert "Também perdi meu visto." in texts
    added = translator("pt_BR").gettext(
        "We added this to your consultation {number}. A supporter will answer soon.", number=number
    )
    assert added in [message.text for message in play.news(migrant)]


async def test_a_message_after_ending_the_consultation_in_the_same_batch_starts_afresh(
    db: Database, services: Services
) -> None:
    play = Playground(db, services)
    migrant = play.person("line")
    case = await open_case(play, migrant, "Meu salário não foi pago.")
    play.news(migrant)

    await in_one_batch(play, tapped(migrant, "end:yes"), said(migrant, "Olá de novo"))

    async with db.read() as session:
        assert await session.scalar(select(Case.status).where(Case.id == case.id)) == CaseStatus.CLOSED
        texts = (await session.scalars(select(CaseMessage.text).where(CaseMessage.case_id == case.id))).all()
    assert "Olá de novo" not in texts  # not added to the consultation that had just ended
    tr = translator("pt_BR")
    assert any(tr.gettext("Please choose your language.") in message.text for message in play.news(migrant))


async def test_a_message_relayed_then_erased_in_the_same_batch_never_reaches_the_supporter(
    db: Database, services: Services
) -> None:
    async with db.transaction() as session:
        await add_supporter(
            session,
            TEST_KEY,
            channel="line",
            address="U-ana-supporter",
            alias="Ana",
            languages={"pt_BR": 3},
            hubs=["chubu_tokai"],
            topics=["work"],
            locale="pt_BR",
        )
    play = Playground(db, services)
    ana = Person("line", "U-ana-supporter")
    migrant = play.person("line")
    await open_case(play, migrant, "Meu salário não foi pago.")
    await play.tap(ana, Playground.button(play.news(ana), "offer:accept"))
    play.news(ana)

    await in_one_batch(play, said(migrant, "Meu telefone é 090-1234-5678"), tapped(migrant, "erase:yes"))

    assert all("090-1234-5678" not in message.text for message in play.news(ana))
    async with db.read() as session:
        bodies = (await session.scalars(select(OutboxMessage.body))).all()
    assert all("090-1234-5678" not in json.dumps(body, ensure_ascii=False) for body in bodies)


async def test_a_new_person_writing_twice_in_one_batch_is_one_person_who_goes_on_with_the_intake(
    db: Database, services: Services
) -> None:
    play = Playground(db, services)
    first, second = play.person("line"), play.person("line")

    await in_one_batch(
        play,
        said(first, "Olá, preciso de ajuda"),
        said(second, "Xin chào"),
        said(first, "Preciso de ajuda com o meu trabalho"),
        tapped(second, "lang:vi"),
    )

    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Contact)) == 2
    for person, locale in ((first, "pt_BR"), (second, "vi")):
        texts = [message.text for message in play.news(person)]
        tr = translator(locale)
        assert len(texts) == 2
        assert tr.gettext("Please choose your language.") in texts[0]
        assert tr.gettext("Do you agree?") in texts[1]
    async with db.read() as session:
        steps = (await session.scalars(select(Conversation.step))).all()
    assert steps == ["consent", "consent"]


async def test_many_new_people_in_one_batch_each_become_one_person_and_get_the_language_menu_once(
    db: Database, services: Services
) -> None:
    play = Playground(db, services)
    known = play.person("line")
    await play.say(known, "Olá")
    await play.tap(known, "lang:pt_BR")
    play.news(known)
    newcomers = [play.person("line") for _ in range(30)]

    await in_one_batch(play, *(said(person, "Xin chào") for person in newcomers), said(known, "Sim"))

    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Contact)) == 31
        assert await session.scalar(select(func.count()).select_from(Conversation)) == 31
    menu = translator("vi").gettext("Please choose your language.")
    for person in newcomers:
        texts = [message.text for message in play.news(person)]
        assert len(texts) == 1
        assert menu in texts[0]
    assert play.news(known)  # the person already known goes on in their own conversation


async def test_during_a_key_rotation_a_person_known_under_the_old_key_writing_in_a_batch_stays_one_person(
    db: Database, services: Services
) -> None:
    play = Playground(db, services)
    known = play.person("line")
    await play.say(known, "Xin chào")
    await play.tap(known, "lang:vi")
    play.news(known)
    play.services = dataclasses.replace(
        services, pseudonym_key=b"n" * 32, previous_pseudonym_key=TEST_KEY, pseudonym_key_version=2
    )
    newcomer = play.person("line")

    await in_one_batch(play, said(newcomer, "Olá, preciso de ajuda"), said(known, "Có"))

    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Contact)) == 2
        steps = (await session.scalars(select(Conversation.step).order_by(Conversation.contact_id))).all()
    assert steps[0] != "start"  # the known person's intake went on past the language menu
    assert translator("vi").gettext("Please choose your language.") not in play.news(known)[-1].text
    assert any(translator("pt_BR").gettext("Please choose your language.") in m.text for m in play.news(newcomer))
