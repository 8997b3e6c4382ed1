"""Shared fixtures: a real database (SQLite file, and PostgreSQL when a server answers) and the services."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy import text

from handlers.context import Services
from storage.db import Database
from storage.models import Base

POSTGRES_ADMIN_URL = os.environ.get("HOTLINE_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
TEST_KEY = b"k" * 32


class Clock:
    """A clock tests move by hand."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.now = start or dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)  # 10:00 in Tokyo

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


async def _postgres_database() -> str | None:
    """Create a database of our own for this test run; None when no server answers."""
    admin = Database(POSTGRES_ADMIN_URL)
    name = f"hotline_test_{uuid.uuid4().hex[:12]}"
    try:
        async with admin.engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
    except (OSError, Exception):
        return None
    finally:
        await admin.dispose()
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


async def _drop_postgres_database(url: str) -> None:
    admin = Database(POSTGRES_ADMIN_URL)
    name = url.rsplit("/", 1)[1]
    try:
        async with admin.engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    url = asyncio.run(_postgres_database())
    if url is not None:
        db = Database(url)
        asyncio.run(_create_all_and_dispose(db))
    yield url
    if url is not None:
        asyncio.run(_drop_postgres_database(url))


async def _create_all_and_dispose(db: Database) -> None:
    await db.create_all()
    await db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def db(request: pytest.FixtureRequest, tmp_path: object, postgres_url: str | None) -> AsyncIterator[Database]:
    """A fresh, empty database: a SQLite file, or the PostgreSQL test database with every table emptied."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path}/hotline.db")
        await database.create_all()
    else:
        if postgres_url is None:
            if os.environ.get("HOTLINE_REQUIRE_POSTGRES"):
                pytest.fail(f"HOTLINE_REQUIRE_POSTGRES is set but no PostgreSQL server answers at {POSTGRES_ADMIN_URL}")
            pytest.skip(f"no PostgreSQL server answers at {POSTGRES_ADMIN_URL} (set HOTLINE_TEST_POSTGRES_URL)")
        database = Database(postgres_url)
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        async with database.engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield database
    await database.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def services(clock: Clock) -> Services:
    return Services(pseudonym_key=TEST_KEY, clock=clock)
