"""SQLite for SQLAlchemy's asyncio engine without a thread hop per statement.

aiosqlite runs each call on a helper thread; SQLAlchemy makes three or four such calls per statement (cursor,
execute, fetch, close), and on a small VM each hop costs a third of a millisecond, so a handler's dozen statements
cost 15-20 ms of waiting for a database that answers in microseconds. This shim offers the aiosqlite surface
SQLAlchemy uses (through `create_async_engine(..., async_creator=...)`) and runs sqlite3 directly on the event loop.

That is only sound because `Database` serialises SQLite transactions in-process with an asyncio lock, so a
statement never waits on a lock held by another coroutine of the same loop; waiting on another *process* is bounded
by `busy_timeout`. PostgreSQL, the production store, is untouched.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any


class _InlineQueue:
    """Stands in for aiosqlite's request queue: SQLAlchemy's isolation-level setter posts a function here."""

    def put_nowait(self, item: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as exc:  # handed back to the awaiting caller, as aiosqlite would
            future.set_exception(exc)


class InlineCursor:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, operation: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        if parameters is None:
            self._cursor.execute(operation)
        else:
            self._cursor.execute(operation, parameters)
        return self

    async def executemany(self, operation: str, seq_of_parameters: Iterable[Sequence[Any]]) -> InlineCursor:
        self._cursor.executemany(operation, seq_of_parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    async def setinputsizes(self, *sizes: Any) -> None:
        return None

    async def nextset(self) -> None:
        return None


class InlineConnection:
    """The parts of `aiosqlite.Connection` that SQLAlchemy's aiosqlite dialect touches."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection
        self._tx = _InlineQueue()

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    @property
    def sqlite(self) -> sqlite3.Connection:
        """The sqlite3 connection itself (storage.db.driver_connection)."""
        return self._conn

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor())

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def inline_creator(database: str, timeout: float = 30.0) -> Callable[[], Any]:
    """An `async_creator` for `create_async_engine`: opens the file with sqlite3 on the calling thread."""

    async def create() -> InlineConnection:
        return InlineConnection(sqlite3.connect(database, timeout=timeout, check_same_thread=False))

    return create
