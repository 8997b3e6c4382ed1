"""The storage contract, run against SQLite and PostgreSQL alike."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import func, select

from storage.contacts import contact_key, find_or_create_contact
from storage.db import Database
from storage.events import first_delivery
from storage.models import Contact, OutboxMessage, ProcessedEvent
from storage.outbox import Priority, claim, enqueue
from tests.conftest import TEST_KEY

NOW = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)


async def test_a_contact_is_found_by_pseudonym_and_created_once(db: Database) -> None:
    async with db.transaction() as session:
        first, created = await find_or_create_contact(session, TEST_KEY, "line", "U123", NOW)
    async with db.transaction() as session:
        again, created_again = await find_or_create_contact(session, TEST_KEY, "line", "U123", NOW)
    assert created
    assert not created_again
    assert again.id == first.id
    assert first.key == contact_key(TEST_KEY, "line", "U123")
    assert "U123" not in first.key


async def test_the_same_account_on_another_platform_is_another_contact(db: Database) -> None:
    async with db.transaction() as session:
        line, _ = await find_or_create_contact(session, TEST_KEY, "line", "42", NOW)
        telegram, _ = await find_or_create_contact(session, TEST_KEY, "telegram", "42", NOW)
    assert line.id != telegram.id


async def test_concurrent_first_contact_creates_one_row(db: Database) -> None:
    async def arrive() -> int:
        async with db.transaction() as session:
            contact, _ = await find_or_create_contact(session, TEST_KEY, "telegram", "777", NOW)
            return contact.id

    ids = await asyncio.gather(*(arrive() for _ in range(5)))
    assert len(set(ids)) == 1
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Contact)) == 1


async def test_an_event_id_is_taken_in_once(db: Database) -> None:
    results = []
    for _ in range(3):
        async with db.transaction() as session:
            results.append(await first_delivery(session, "line", "01HXYZ", NOW))
    assert results == [True, False, False]
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(ProcessedEvent)) == 1


async def test_a_rolled_back_event_can_be_processed_again(db: Database) -> None:
    class Boom(Exception):
        pass

    try:
        async with db.transaction() as session:
            await first_delivery(session, "line", "ev-1", NOW)
            raise Boom
    except Boom:
        pass
    async with db.transaction() as session:
        assert await first_delivery(session, "line", "ev-1", NOW)


async def test_outbox_rows_are_claimed_oldest_first_when_due(db: Database) -> None:
    async with db.transaction() as session:
        contact, _ = await find_or_create_contact(session, TEST_KEY, "line", "U1", NOW)
        enqueue(session, contact.id, {"text": "first"}, NOW)
        enqueue(session, contact.id, {"text": "second"}, NOW)
        later = enqueue(session, contact.id, {"text": "later"}, NOW)
        later.next_attempt_at = NOW + dt.timedelta(minutes=5)
    async with db.transaction() as session:
        due = await claim(session, NOW, Priority.INTERACTIVE, 10, NOW + dt.timedelta(seconds=30))
        assert [row.body["text"] for row in due] == ["first", "second"]
        assert len({row.retry_key for row in due}) == 2
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 3


async def test_timestamps_come_back_aware_in_utc(db: Database) -> None:
    tokyo = dt.timezone(dt.timedelta(hours=9))
    async with db.transaction() as session:
        contact, _ = await find_or_create_contact(session, TEST_KEY, "line", "U9", NOW.astimezone(tokyo))
    async with db.transaction() as session:
        loaded = await session.get(Contact, contact.id)
    assert loaded is not None
    assert loaded.created_at == NOW
    assert loaded.created_at.tzinfo is not None
