"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, text

from storage.db import Database
from storage.migrate import upgrade
from storage.models import Base


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
