"""Two senders on one database, as two `hotline serve` processes on PostgreSQL: every message leaves once, in order."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.channels.line import LineChannel
from bot.sandbox.fake_line import SANDBOX_CHANNEL_ACCESS_TOKEN, FakeLineApi
from bot.sender import OutboxSender
from storage.contacts import find_or_create_contact
from storage.db import Database
from storage.models import Base, OutboxMessage
from storage.outbox import OutboxStatus, enqueue
from tests.bot.conftest import ManualClock

KEY = b"k" * 32
PEOPLE = 60


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def shared_db(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_url: str | None
) -> AsyncIterator[Database]:
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'hotline.db'}")
        await database.create_all()
    else:
        if postgres_url is None:
            if os.environ.get("HOTLINE_REQUIRE_POSTGRES"):
                pytest.fail("HOTLINE_REQUIRE_POSTGRES is set but no PostgreSQL server answers")
            pytest.skip("no PostgreSQL server answers")
        database = Database(postgres_url)
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        async with database.engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield database
    await database.dispose()


async def _until(condition: Callable[[], bool], seconds: float = 60.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the senders did not get there in time")


async def test_two_senders_on_one_database_send_each_message_once_and_in_order(
    shared_db: Database, fake_line: tuple[FakeLineApi, str], clock: ManualClock
) -> None:
    fake, url = fake_line
    users = [fake.add_user(f"P{i}") for i in range(PEOPLE)]
    expected = {user: [f"{n}-{i}" for i in range(3)] for n, user in enumerate(users)}
    async with shared_db.transaction() as session:
        for user, texts in expected.items():
            contact, _ = await find_or_create_contact(session, KEY, "line", user, clock())
            token = fake.issue_reply_token(user)
            for index, body in enumerate(texts):  # the first by reply token, the rest as pushes
                expires = clock() + dt.timedelta(seconds=50)
                enqueue(
                    session, contact.id, {"text": body}, clock(),
                    reply_token=token if index == 0 else None, reply_token_expires_at=expires if index == 0 else None,
                )  # fmt: skip
    channels = []
    for _ in range(2):  # each "process" with its own client and its own sender
        channel = LineChannel("secret", SANDBOX_CHANNEL_ACCESS_TOKEN, url, clock=clock)
        await channel.start()
        channels.append(channel)
    senders = [OutboxSender(Database(shared_db.url), {"line": c}, clock, claim_people=7) for c in channels]
    tasks = [asyncio.create_task(sender.run()) for sender in senders]
    try:
        await _until(lambda: sum(len(fake.texts_to(user)) for user in users) >= 3 * PEOPLE)
        await asyncio.sleep(0.3)  # nothing more arrives
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for sender in senders:
            await sender.db.dispose()
        for channel in channels:
            await channel.stop()

    assert {user: fake.texts_to(user) for user in users} == expected
    async with shared_db.read() as session:
        statuses = set((await session.scalars(select(OutboxMessage.status))).all())
    assert statuses == {OutboxStatus.SENT}
