"""Rotating the pseudonym key: people stay known, their analytic rows follow, and erasure still finds them."""

from __future__ import annotations

import dataclasses

from sqlalchemy import func, select

from bot.playground import Playground
from handlers.context import Services
from storage.analytics import rotate_pseudonyms
from storage.db import Database
from storage.models import AnalyticCase, Case, Contact
from storage.pseudonyms import person_pseudonym
from storage.supporters import add_supporter
from tests.conftest import TEST_KEY

NEW_KEY = b"n" * 32


async def test_a_person_stays_known_across_a_key_rotation(db: Database, services: Services) -> None:
    async with db.transaction() as session:
        await add_supporter(
            session,
            TEST_KEY,
            channel="telegram",
            address="5001",
            alias="Lan",
            languages={"vi": 3},
            hubs=["north_kanto"],
            topics=["work"],
        )
    play = Playground(db, services)
    migrant, lan = play.person("line"), play.person("telegram")
    lan.address = "5001"
    await play.say(migrant, "Xin chào")
    for payload in ("lang:vi", "consent:yes", "urgency:normal", "pref:10", "topic:work"):
        await play.tap(migrant, payload)
    await play.say(migrant, "Công ty không trả lương")
    await play.tap(migrant, "intake:done")
    await play.tap(migrant, "confirm:send")
    await play.tap(lan, Playground.button(play.news(lan), "offer:accept"))
    async with db.transaction() as session:
        case_id = await session.scalar(select(Case.id))
    for payload in ("close", "field:labour", "fields_done", "action:advice", "result:resolved"):
        await play.tap(lan, f"case:{case_id}:{payload}")

    # The network rotates its key: the new one in use, the old one kept for the move.
    play.services = dataclasses.replace(
        services, pseudonym_key=NEW_KEY, previous_pseudonym_key=TEST_KEY, pseudonym_key_version=2
    )
    async with db.transaction() as session:
        contacts_before = await session.scalar(select(func.count()).select_from(Contact))
    # Before the move has run, a message is still recognised under the old key (and its contact re-keyed).
    await play.say(migrant, "/status")
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Contact)) == contacts_before
        rotation = await rotate_pseudonyms(session, TEST_KEY, NEW_KEY, 2)
        row = await session.scalar(select(AnalyticCase))
        migrant_contact = await session.scalar(select(Contact).where(Contact.platform_user_id == migrant.address))
    assert rotation.persons == 1
    assert row is not None
    assert migrant_contact is not None
    assert (row.person, row.key_version) == (person_pseudonym(NEW_KEY, migrant_contact.id), 2)

    status = await play.say(migrant, "/status")  # known: answered as the same person, in Vietnamese
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Contact)) == contacts_before
    assert "Xin chào" not in status[-1].text

    await play.say(migrant, "/delete")
    await play.tap(migrant, "erase:yes")
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(AnalyticCase)) == 0
