"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, insert, text

from storage.db import Database
from storage.migrate import upgrade
from storage.models import Base, Timer


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection)
    return list(compare_metadata(context, Base.metadata))


async def _empty_schema(db: Database) -> None:
    await db.drop_all()
    async with db.engine.begin() as conn:
        await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


async def test_upgrade_builds_the_models_schema(db: Database) -> None:
    await _empty_schema(db)
    await asyncio.to_thread(upgrade, db.url)
    async with db.engine.connect() as conn:
        differences = await conn.run_sync(_diff)
    # Leave the tables as the other tests expect them.
    await _empty_schema(db)
    await db.create_all()
    assert differences == []


async def test_the_days_follow_ups_get_their_own_kind_and_a_supporters_reminder_keeps_its_own(db: Database) -> None:
    await _empty_schema(db)
    await asyncio.to_thread(upgrade, db.url, "b7d41e0c9a15")
    due = dt.datetime(2026, 12, 5, 1, tzinfo=dt.UTC)
    async with db.engine.begin() as conn:
        await conn.execute(
            insert(Timer),
            [
                {"kind": "follow_up", "ref": "case:1", "payload": {}, "due_at": due},  # armed by a day's close
                {"kind": "follow_up", "ref": "case:2", "payload": {"days": 3}, "due_at": due},  # a supporter's own
                {"kind": "offer_timeout", "ref": "offer:9", "payload": {}, "due_at": due},
            ],
        )
    await asyncio.to_thread(upgrade, db.url)
    async with db.engine.connect() as conn:
        kinds = dict((await conn.execute(text("SELECT ref, kind FROM timers"))).all())
    await _empty_schema(db)
    await db.create_all()
    assert kinds == {"case:1": "day_follow_up", "case:2": "follow_up", "offer:9": "offer_timeout"}
