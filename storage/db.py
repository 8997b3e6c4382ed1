"""Engines and transactions for SQLite (the embedded default) and PostgreSQL (production)."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import StaticPool

from storage.models import Base
from storage.sqlite_inline import InlineConnection, inline_creator

# Set in `session.info` by a transaction that erased someone: on SQLite the WAL is checkpointed after its commit.
WIPE_AFTER_COMMIT = "wipe_after_commit"


class DatabaseConfigError(ValueError):
    """The database URL cannot be used; the message is one sentence naming the setting."""


# The execution option that makes a SQLite transaction take the write lock at BEGIN (see Database.transaction).
_BEGIN = "hotline_sqlite_begin"


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # We emit BEGIN ourselves (see _sqlite_on_begin); the driver must not.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # These connections run on the event loop (storage.sqlite_inline): they must never sleep in SQLite's busy
    # handler. A locked database answers SQLITE_BUSY at once and Database.transaction() waits with asyncio.sleep.
    cursor.execute("PRAGMA busy_timeout=0")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted rows are overwritten with zeros, so an erased person's words do not linger in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _sqlite_on_begin(conn: Any) -> None:
    # A writing transaction takes the write lock up front (BEGIN IMMEDIATE): a reader that later writes would
    # otherwise hit SQLITE_BUSY in the middle of the transaction, where no retry can help. Reads (pings, the
    # dashboard, `Database.read()`) begin deferred and take no write lock: in WAL mode they never wait.
    conn.exec_driver_sql("BEGIN " + conn.get_execution_options().get(_BEGIN, "DEFERRED"))


def is_locked(exc: BaseException) -> bool:
    """SQLite said another connection holds the lock (SQLITE_BUSY / SQLITE_LOCKED)."""
    message = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in message or "database table is locked" in message


_SQLITE_CONNECTION = "hotline_sqlite_connection"  # session.info: (its root transaction, the sqlite3 connection)


async def sqlite_connection(session: AsyncSession) -> sqlite3.Connection | None:
    """The sqlite3 connection under the session's transaction, or None on PostgreSQL.

    For the few fixed statements the message path runs per batch (storage.inbox, storage.events): sqlite3 runs
    one in microseconds, SQLAlchemy's execution around it costs a hundred times that. They take part in the
    session's transaction and savepoints; the ORM does not see them, so they must not touch tables whose rows
    the session holds as objects.
    """
    transaction = session.sync_session.get_transaction()
    cached = session.info.get(_SQLITE_CONNECTION)
    if cached is not None and transaction is not None and cached[0] is transaction:
        return cached[1]  # type: ignore[no-any-return]
    connection = await session.connection()
    sqlite = _driver(await connection.get_raw_connection()) if connection.dialect.name == "sqlite" else None
    session.info[_SQLITE_CONNECTION] = (session.sync_session.get_transaction(), sqlite)
    return sqlite


def sqlite_time(value: dt.datetime) -> str:
    """A datetime as SQLAlchemy's SQLite DateTime writes it (UTC, no zone; see storage.models.UTCDateTime)."""
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _driver(raw: Any) -> sqlite3.Connection:
    driver = raw.driver_connection
    if not isinstance(driver, InlineConnection):  # pragma: no cover - Database always opens SQLite inline
        raise TypeError("not an inline SQLite connection")
    return driver.sqlite


class DatabaseBusy(OperationalError):
    """The SQLite write lock stayed with another process longer than the caller would wait."""


def normalise_url(url: str) -> str:
    """Accept the URLs people paste and turn them into async-driver URLs."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseConfigError(f"HOTLINE_DATABASE_URL is not a database URL: {exc}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif backend == "postgresql":
        parsed = parsed.set(drivername="postgresql+asyncpg")
    else:
        raise DatabaseConfigError(f"HOTLINE_DATABASE_URL must be a sqlite:// or postgresql:// URL, not {backend}://.")
    return parsed.render_as_string(hide_password=False)


class Database:
    """One engine and its sessions. `transaction()` is the unit of work every handler runs in."""

    def __init__(self, url: str, *, echo: bool = False, lock_wait: float = 30.0) -> None:
        self.url = normalise_url(url)
        self.lock_wait = lock_wait  # how long transaction() waits for another process's SQLite write lock
        self.is_sqlite = self.url.startswith("sqlite")
        kwargs: dict[str, Any] = {"echo": echo}
        # SQLite has one writer at a time: transactions of this process queue here instead of spinning in
        # busy_timeout. The inline driver relies on it (see storage.sqlite_inline).
        self._write_lock: asyncio.Lock | None = None
        self._priority = threading.Event()
        self.sqlite_path: str | None = None
        if self.is_sqlite:
            database = make_url(self.url).database or ":memory:"
            if database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            self.sqlite_path = database
            kwargs["async_creator"] = inline_creator(database, timeout=0.0)
            if database == ":memory:":
                kwargs["poolclass"] = StaticPool
        else:
            kwargs["pool_size"] = 10
            kwargs["max_overflow"] = 20
            # No ping at each checkout: that is a round trip per transaction, one or two per message. After a
            # PostgreSQL restart the first statement on an old connection fails instead, which invalidates the
            # whole pool; its caller tries again (a webhook is answered 503 and delivered again, the workers and
            # the sender retry).
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_on_connect)
            event.listen(self.engine.sync_engine, "begin", _sqlite_on_begin)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session in one transaction: committed on success, rolled back on any error.

        On SQLite, transactions of this process run one at a time; do not open one inside another. The write
        lock is taken at BEGIN; while another process holds it, this waits on the event loop with asyncio.sleep
        (never in SQLite's busy handler, which would freeze the loop) for up to `lock_wait` seconds, then raises
        DatabaseBusy.
        """
        if not self.is_sqlite:
            async with self.sessions() as session, session.begin():
                yield session
            return
        if self._write_lock is None:
            self._write_lock = asyncio.Lock()
        async with self._write_lock:
            session = await self._begin_immediate()
            wipe = False
            try:
                yield session
                await session.commit()
                wipe = bool(session.info.pop(WIPE_AFTER_COMMIT, False))
            except BaseException:
                await session.rollback()
                raise
            finally:
                await session.close()
            if wipe:
                await self._checkpoint()

    async def _checkpoint(self) -> None:
        """Copy the WAL into the database file and truncate it: after an erasure the old pages are gone from disk.

        PostgreSQL keeps dead rows until VACUUM (autovacuum, or the operator's; see the README)."""
        async with self.engine.connect() as conn:
            raw = await conn.get_raw_connection()
            cursor = raw.driver_connection.cursor()  # type: ignore[union-attr]
            await cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            await cursor.close()

    def priority_writer(self) -> threading.Event:
        """Set while a writer of this process that must not wait (the inbox's commit thread) wants the lock.

        Transactions on the event loop do not begin while it is set, so that writer gets the SQLite lock as
        soon as the transaction holding it ends, instead of polling against a loop that takes it back at once.
        """
        return self._priority

    async def _begin_immediate(self) -> AsyncSession:
        deadline = time.monotonic() + self.lock_wait
        delay = 0.0005
        while True:
            while self._priority.is_set() and time.monotonic() < deadline:  # noqa: ASYNC110 - a thread sets it
                await asyncio.sleep(0.0005)
            session = self.sessions()
            try:
                await session.connection(execution_options={_BEGIN: "IMMEDIATE"})
            except OperationalError as exc:
                await session.close()
                if not is_locked(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(str(exc.statement), exc.params, exc) from None
                await asyncio.sleep(delay)
                delay = min(delay * 2, 0.02)
                continue
            return session

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[AsyncSession]:
        """A session whose statements each commit on their own, for work whose statements stand alone (a claim
        that is one statement, a status change): on PostgreSQL no BEGIN and COMMIT round trips; on SQLite the
        same as transaction(), which the write lock needs anyway."""
        if self.is_sqlite:
            async with self.transaction() as session:
                yield session
            return
        async with self.engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            async with AsyncSession(bind=connection, expire_on_commit=False) as session:
                yield session

    @asynccontextmanager
    async def sqlite_read(self) -> AsyncIterator[sqlite3.Connection]:
        """SQLite only: a pooled sqlite3 connection for one fixed read of the message path (`storage.inbox.peek`),
        without a session. Each statement is its own read transaction: no write lock, no wait for a writer (WAL).
        """
        async with self.engine.connect() as connection:
            yield _driver(await connection.get_raw_connection())

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for reading only: on SQLite a deferred transaction that takes no write lock and waits for
        no writer (WAL), outside the queue of writers. Writing in it is an error on SQLite once another
        connection writes; use transaction() for that. Rolled back at the end.
        """
        async with self.sessions() as session:
            try:
                yield session
            finally:
                await session.rollback()

    async def create_all(self) -> None:
        """Create the tables directly (tests and the demo); deployments use `hotline db upgrade`."""
        async with self.engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)

    async def drop_all(self) -> None:
        async with self.engine.begin() as conn:
            await conn.run_sync(Base.metadata.drop_all)

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()
