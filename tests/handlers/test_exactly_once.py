"""Two server processes given the same webhook event process it once (PostgreSQL, the multi-process store)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from handlers.context import Services
from handlers.inbox import handle_inbound
from handlers.messages import TEXT, Inbound
from storage.db import Database
from storage.models import Contact, OutboxMessage


async def test_two_processes_take_one_event_once(db: Database, services: Services) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite serves one process; several processes run on PostgreSQL")
    other = Database(db.url)  # a second engine: another process's connection pool
    try:
        event = Inbound("telegram", "424242", TEXT, event_id="tg:9001", text="Olá", locale_hint="pt-br")
        results = await asyncio.gather(
            *(handle_inbound(database, services, event) for database in [db, other, db, other])
        )
    finally:
        await other.dispose()
    assert sorted(results) == [False, False, False, True]
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Contact)) == 1
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
