"""The inbox: webhook events kept raw the moment they arrive, then taken by workers in order per person.

Taking in is a group commit: the events of concurrent webhooks are written in one transaction, and each webhook
is answered only once its events are committed. On SQLite that transaction runs on a thread of its own with its
own connection, so the event loop never waits on the database lock; on PostgreSQL it runs on the loop.

Processing claims pending rows in id order (`claim`), and deletes each row in the transaction that processed
it (`finish`): a crash before the commit leaves the rows to be taken again. The event ids themselves are kept by
`storage.events`, in the same transaction, so a redelivery that arrives after the row is gone changes nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import sqlite3
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Integer, bindparam, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database, sqlite_connection
from storage.models import InboxEvent, InboxStatus

# A row that failed this many times is set aside as failed, so it stops holding up its person's later events.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class NewEvent:
    """One event of a verified webhook, as it goes into the inbox.

    `sender` is the platform id of whoever sent it ("" when the event has none); only its hash is stored
    as the ordering key.
    """

    channel: str
    event_id: str
    sender: str
    raw: str


@dataclass(frozen=True)
class InboxRow:
    id: int
    channel: str
    event_id: str
    person: str
    raw: str
    received_at: dt.datetime
    attempts: int


class InboxUnavailable(Exception):
    """The events could not be written: the webhook must not be answered 200."""


def person_key(channel: str, sender: str, event_id: str) -> str:
    """The ordering key of an event: a hash of its sender, or of the event itself when it has no sender."""
    basis = f"{channel}\x00{sender}" if sender else f"{channel}\x00event\x00{event_id}"
    return hashlib.blake2b(basis.encode(), digest_size=16).hexdigest()


def _values(events: Sequence[NewEvent], now: dt.datetime) -> list[dict[str, Any]]:
    return [
        {
            "channel": event.channel,
            "event_id": event.event_id,
            "person": person_key(event.channel, event.sender, event.event_id),
            "raw": event.raw,
            "received_at": now,
            "status": InboxStatus.PENDING.value,
            "attempts": 0,
        }
        for event in events
    ]


# --- taking in ---------------------------------------------------------------------------------------------


class InboxWriter:
    """Appends events with group commit: whoever arrives while a commit is under way joins the next one.

    `append` returns once the events are committed (a redelivered event id is kept once) and raises
    InboxUnavailable when they could not be written or were not written within `wait` seconds; events of a
    commit that ends after that are kept all the same, and the platform's redelivery is then recognised.
    """

    def __init__(
        self,
        write: Callable[[list[dict[str, Any]]], Awaitable[None]],
        clock: Callable[[], dt.datetime],
        *,
        wait: float = 1.5,
        max_rows: int = 2000,
        on_commit: Callable[[], None] | None = None,
        close: Callable[[], None] | None = None,
    ) -> None:
        self._write = write
        self._clock = clock
        self._wait = wait
        self._max_rows = max_rows
        self._on_commit = on_commit
        self._close = close
        self._queue: list[tuple[list[dict[str, Any]], asyncio.Future[BaseException | None]]] = []
        self._flusher: asyncio.Task[None] | None = None

    @classmethod
    def for_database(cls, db: Database, clock: Callable[[], dt.datetime], **kwargs: Any) -> InboxWriter:
        """The writer for `db`: a thread with its own SQLite connection, or the engine on PostgreSQL."""
        if db.sqlite_path is not None and db.sqlite_path != ":memory:":
            thread = _SqliteThreadWriter(db.sqlite_path, db.priority_writer())
            return cls(thread.write, clock, close=thread.close, **kwargs)

        async def write(rows: list[dict[str, Any]]) -> None:
            async with db.transaction() as session:
                await insert_rows(session, rows)

        return cls(write, clock, **kwargs)

    def on_commit(self, callback: Callable[[], None]) -> None:
        """Call `callback` after each commit (the app pokes the workers)."""
        self._on_commit = callback

    async def append(self, events: Sequence[NewEvent]) -> None:
        if not events:
            return
        future: asyncio.Future[BaseException | None] = asyncio.get_running_loop().create_future()
        self._queue.append((_values(events, self._clock()), future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush(), name="inbox-group-commit")
        try:
            async with asyncio.timeout(self._wait):
                error = await asyncio.shield(future)
        except TimeoutError:
            raise InboxUnavailable("the inbox did not commit in time") from None
        if error is not None:
            raise InboxUnavailable(type(error).__name__) from error

    async def _flush(self) -> None:
        while self._queue:
            batch: list[tuple[list[dict[str, Any]], asyncio.Future[BaseException | None]]] = []
            size = 0
            while self._queue and (not batch or size + len(self._queue[0][0]) <= self._max_rows):
                item = self._queue.pop(0)
                batch.append(item)
                size += len(item[0])
            rows = [row for values, _ in batch for row in values]
            error: BaseException | None = None
            try:
                await self._write(rows)
            except Exception as exc:  # handed to every waiting webhook, which answers 503
                error = exc
            for _, future in batch:
                if not future.done():
                    future.set_result(error)
            if error is None and self._on_commit is not None:
                self._on_commit()

    async def aclose(self) -> None:
        if self._flusher is not None:
            await asyncio.gather(self._flusher, return_exceptions=True)
        if self._close is not None:
            await asyncio.to_thread(self._close)


async def insert_rows(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert inbox rows, keeping an event id already pending once."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement: Any = pg_insert(InboxEvent).on_conflict_do_nothing(index_elements=["channel", "event_id"])
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(InboxEvent).on_conflict_do_nothing(index_elements=["channel", "event_id"])
    await session.execute(statement, rows)


async def append(session: AsyncSession, events: Sequence[NewEvent], now: dt.datetime) -> None:
    """Append events inside a transaction of the caller's (tests, tools); webhooks use InboxWriter."""
    if events:
        await insert_rows(session, _values(events, now))


_SQLITE_INSERT = (
    "INSERT INTO inbox (channel, event_id, person, raw, received_at, status, attempts) "
    "VALUES (:channel, :event_id, :person, :raw, :received_at, :status, :attempts) "
    "ON CONFLICT (channel, event_id) DO NOTHING"
)


def _sqlite_time(value: dt.datetime) -> str:
    # The text form SQLAlchemy's SQLite DateTime writes and reads back (UTC; see storage.models.UTCDateTime).
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


class _SqliteThreadWriter:
    """Commits inbox rows on one thread with its own connection.

    The thread may wait for another process's write lock (up to `lock_wait`, in short sleeps); the event loop
    only awaits the result, and begins no transaction of its own meanwhile (`Database.priority_writer`), so an
    acknowledgement waits at most for the transaction under way. After `lock_wait` the batch fails and its
    webhooks are answered 503.
    """

    def __init__(self, path: str, priority: threading.Event, lock_wait: float = 1.0) -> None:
        self._path = path
        self._priority = priority  # holds back the event loop's transactions while this one waits
        self._lock_wait = lock_wait
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="inbox-writer")
        self._connection: sqlite3.Connection | None = None

    async def write(self, rows: list[dict[str, Any]]) -> None:
        await asyncio.get_running_loop().run_in_executor(self._executor, self._write, rows)

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            connection = sqlite3.connect(self._path, timeout=0.0, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            self._connection = connection
        return self._connection

    def _write(self, rows: list[dict[str, Any]]) -> None:
        connection = self._connect()
        deadline = time.monotonic() + self._lock_wait
        delay = 0.0002
        self._priority.set()
        try:
            while True:
                try:
                    connection.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) or time.monotonic() >= deadline:
                        raise
                    time.sleep(delay)
                    delay = min(delay * 2, 0.005)
        finally:
            self._priority.clear()
        try:
            connection.executemany(
                _SQLITE_INSERT, [{**row, "received_at": _sqlite_time(row["received_at"])} for row in rows]
            )
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._executor.submit(self._close_connection).result()
        self._executor.shutdown()

    def _close_connection(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


# --- processing --------------------------------------------------------------------------------------------
#
# The worker runs these once per batch. On SQLite they go to sqlite3 directly (storage.db.sqlite_connection:
# microseconds instead of SQLAlchemy's tenths of a millisecond); on PostgreSQL they are Core statements built once,
# their lists as expanding parameters, so each execution is a cache hit.


def _row(values: Any) -> InboxRow:
    return InboxRow(
        id=values.id,
        channel=values.channel,
        event_id=values.event_id,
        person=values.person,
        raw=values.raw,
        received_at=values.received_at,
        attempts=values.attempts,
    )


def _sqlite_row(values: tuple[Any, ...]) -> InboxRow:
    id_, channel, event_id, person, raw, received_at, attempts = values
    return InboxRow(id_, channel, event_id, person, raw, _from_sqlite_time(received_at), attempts)


def _from_sqlite_time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


_COLUMNS = (
    InboxEvent.id,
    InboxEvent.channel,
    InboxEvent.event_id,
    InboxEvent.person,
    InboxEvent.raw,
    InboxEvent.received_at,
    InboxEvent.attempts,
)
_PENDING = InboxStatus.PENDING.value
_PEEK = (
    select(*_COLUMNS)
    .where(InboxEvent.status == _PENDING)
    .order_by(InboxEvent.id)
    .limit(bindparam("limit", type_=Integer))
)
_CLAIM = _PEEK.with_for_update(skip_locked=True)
_CLAIM_IDS = (
    select(*_COLUMNS)
    .where(InboxEvent.status == _PENDING, InboxEvent.id.in_(bindparam("ids", expanding=True)))
    .order_by(InboxEvent.id)
    .limit(bindparam("limit", type_=Integer))
    .with_for_update(skip_locked=True)
)
_HOLES = (
    select(InboxEvent.person, func.min(InboxEvent.id))
    .where(
        InboxEvent.status == _PENDING,
        InboxEvent.person.in_(bindparam("people", expanding=True)),
        InboxEvent.id <= bindparam("last", type_=BigInteger),
        InboxEvent.id.not_in(bindparam("ids", expanding=True)),
    )
    .group_by(InboxEvent.person)
)
_FINISH = delete(InboxEvent).where(InboxEvent.id.in_(bindparam("ids", expanding=True)))
_SQLITE_COLUMNS = "id, channel, event_id, person, raw, received_at, attempts"
_SQLITE_PEEK = f"SELECT {_SQLITE_COLUMNS} FROM inbox WHERE status = '{_PENDING}' ORDER BY id LIMIT ?"  # noqa: S608


def _marks(count: int) -> str:
    return ", ".join("?" * count)


async def peek(db: Database, limit: int) -> list[InboxRow]:
    """The oldest pending rows, without locking them (SQLite reads them before the writing transaction)."""
    if db.is_sqlite:
        async with db.sqlite_read() as connection:
            return [_sqlite_row(values) for values in connection.execute(_SQLITE_PEEK, (limit,)).fetchall()]
    async with db.read() as session:
        return [_row(values) for values in (await session.execute(_PEEK, {"limit": limit})).all()]


async def claim(session: AsyncSession, limit: int, *, ids: Sequence[int] | None = None) -> list[InboxRow]:
    """Pending rows for this transaction to process, oldest first, `ids` only when given.

    On PostgreSQL the rows are locked (`FOR UPDATE SKIP LOCKED`: other workers skip them), and a person's
    rows are returned only up to the first pending row of theirs that is not among them (another worker holds
    it), so that one person's events are never processed by two workers at once or out of order. On SQLite
    the transaction holds the write lock, which already makes it the only one.
    """
    sqlite = await sqlite_connection(session)
    if sqlite is not None:
        if ids is None:
            found = sqlite.execute(_SQLITE_PEEK, (limit,)).fetchall()
        else:
            wanted = list(ids)
            query = (
                f"SELECT {_SQLITE_COLUMNS} FROM inbox WHERE status = '{_PENDING}' "  # noqa: S608
                f"AND id IN ({_marks(len(wanted))}) ORDER BY id LIMIT ?"
            )
            found = sqlite.execute(query, (*wanted, limit)).fetchall() if wanted else []
        return [_sqlite_row(values) for values in found]
    connection = await session.connection()
    if ids is None:
        result = await connection.execute(_CLAIM, {"limit": limit})
    else:
        result = await connection.execute(_CLAIM_IDS, {"limit": limit, "ids": list(ids)})
    rows = [_row(values) for values in result.all()]
    if not rows:
        return rows
    # A person's rows are processed only up to the first of their pending rows this claim does not hold
    # (another worker holds it, or skipped it for the same reason): never one person's events out of order.
    claimed = [row.id for row in rows]
    holes = await connection.execute(
        _HOLES, {"people": sorted({row.person for row in rows}), "last": max(claimed), "ids": claimed}
    )
    cutoff = {person: first_hole for person, first_hole in holes.all()}
    return [row for row in rows if row.person not in cutoff or row.id < cutoff[row.person]]


async def finish(session: AsyncSession, ids: Sequence[int]) -> None:
    """The rows are processed: they leave the inbox with the transaction that processed them."""
    if not ids:
        return
    sqlite = await sqlite_connection(session)
    if sqlite is not None:
        sqlite.execute(f"DELETE FROM inbox WHERE id IN ({_marks(len(ids))})", list(ids))  # noqa: S608
    else:
        await (await session.connection()).execute(_FINISH, {"ids": list(ids)})


async def record_failure(session: AsyncSession, row: InboxRow, error: str) -> bool:
    """Count a failed attempt; returns True when the row is now set aside as failed."""
    attempts = row.attempts + 1
    failed = attempts >= MAX_ATTEMPTS
    values: dict[str, Any] = {"attempts": attempts, "last_error": error[:200]}
    if failed:
        values["status"] = InboxStatus.FAILED.value
    connection = await session.connection()
    await connection.execute(update(InboxEvent).where(InboxEvent.id == row.id).values(**values))
    return failed


async def pending_count(session: AsyncSession) -> int:
    """How many events wait to be processed (the inbox depth, for /metrics and tests)."""
    query = select(func.count()).select_from(InboxEvent).where(InboxEvent.status == InboxStatus.PENDING.value)
    return int(await session.scalar(query) or 0)


async def failed_count(session: AsyncSession) -> int:
    query = select(func.count()).select_from(InboxEvent).where(InboxEvent.status == InboxStatus.FAILED.value)
    return int(await session.scalar(query) or 0)
