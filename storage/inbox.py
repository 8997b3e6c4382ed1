"""The inbox: webhook events kept raw the moment they arrive, then taken by workers in order per person.

Taking in is a group commit: the events of concurrent webhooks are written in one transaction, and each webhook
is answered only once its events are committed. On SQLite that transaction has a connection of its own and never
waits on the event loop for the database lock (it tries again on a timer); on PostgreSQL it is a transaction of the
engine's.

Processing claims pending rows in id order (`claim`), and deletes each row in the transaction that processed
it (`finish`): a crash before the commit leaves the rows to be taken again. The event ids themselves are kept by
`storage.events`, in the same transaction, so a redelivery that arrives after the row is gone changes nothing.
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import hashlib
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
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


# A row as taken in: channel, event id, person key, raw event, received at.
Row = tuple[str, str, str, str, dt.datetime]
# Called on the event loop when a write ended: None once the rows are committed, else what went wrong.
Written = Callable[[BaseException | None], None]
# Starts writing rows (in one transaction) and calls `Written` on the event loop when done.
Write = Callable[[list[Row], Written], None]


def _rows(events: Sequence[NewEvent], now: dt.datetime) -> list[Row]:
    return [
        (event.channel, event.event_id, person_key(event.channel, event.sender, event.event_id), event.raw, now)
        for event in events
    ]


def _values(rows: Sequence[Row]) -> list[dict[str, Any]]:
    return [
        {
            "channel": channel,
            "event_id": event_id,
            "person": person,
            "raw": raw,
            "received_at": received_at,
            "status": InboxStatus.PENDING.value,
            "attempts": 0,
        }
        for channel, event_id, person, raw, received_at in rows
    ]


# --- taking in ---------------------------------------------------------------------------------------------


class _TimedOut(Exception):
    pass


class _Batch:
    """The rows of the webhooks that share one commit, and the futures their requests await."""

    __slots__ = ("rows", "timer", "waiters")

    def __init__(self, loop: asyncio.AbstractEventLoop, wait: float) -> None:
        self.rows: list[Row] = []
        self.waiters: list[asyncio.Future[BaseException | None]] = []
        self.timer = loop.call_later(wait, self.expire)

    def expire(self) -> None:
        """The commit took too long: its webhooks are answered (503) without waiting for it any longer."""
        timed_out = _TimedOut()
        for waiter in self.waiters:
            if not waiter.done():
                waiter.set_result(timed_out)


class InboxWriter:
    """Appends events with group commit: whoever arrives while a commit is under way joins the next one.

    `append` returns once the events are committed (a redelivered event id is kept once) and raises
    InboxUnavailable when they could not be written or were not written within `wait` seconds of the first
    webhook of their commit; events of a commit that ends after that are kept all the same, and the platform's
    redelivery is then recognised.

    One write is under way at a time; the next batch starts the moment it ends, with every webhook that arrived
    meanwhile (up to `max_rows` rows; more go into the batch after). Each request awaits a future of its own (no
    task, no timer of its own): the batch's one timer answers its waiters when the commit takes too long.
    """

    def __init__(
        self,
        write: Write,
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
        self._queued: collections.deque[_Batch] = collections.deque()  # waiting for their write, oldest first
        self._writing: _Batch | None = None
        self._start_soon = False
        self._idle: list[asyncio.Future[None]] = []  # aclose() waits for the last write

    @classmethod
    def for_database(cls, db: Database, clock: Callable[[], dt.datetime], **kwargs: Any) -> InboxWriter:
        """The writer for `db`: its own SQLite connection on the event loop, or the engine on PostgreSQL."""
        if db.sqlite_path is not None and db.sqlite_path != ":memory:":
            inline = _SqliteLoopWriter(db.sqlite_path, db.priority_writer())
            return cls(inline.write, clock, close=inline.close, **kwargs)

        async def write(rows: list[Row]) -> None:
            async with db.transaction() as session:
                await insert_rows(session, _values(rows))

        def start(rows: list[Row], written: Written) -> None:
            task = asyncio.get_running_loop().create_task(write(rows), name="inbox-group-commit")
            task.add_done_callback(
                lambda done: written(asyncio.CancelledError() if done.cancelled() else done.exception())
            )

        return cls(start, clock, **kwargs)

    def on_commit(self, callback: Callable[[], None]) -> None:
        """Call `callback` after each commit (the app pokes the workers)."""
        self._on_commit = callback

    async def append(self, events: Sequence[NewEvent]) -> None:
        if not events:
            return
        loop = asyncio.get_running_loop()
        rows = _rows(events, self._clock())
        batch = self._queued[-1] if self._queued else None
        if batch is None or (batch.rows and len(batch.rows) + len(rows) > self._max_rows):
            batch = _Batch(loop, self._wait)
            self._queued.append(batch)
        batch.rows += rows
        waiter: asyncio.Future[BaseException | None] = loop.create_future()
        batch.waiters.append(waiter)
        if self._writing is None and not self._start_soon:
            self._start_soon = True  # after this turn of the loop: the webhooks read meanwhile join the batch
            loop.call_soon(self._start)
        error = await waiter
        if error is not None:
            if isinstance(error, _TimedOut):
                raise InboxUnavailable("the inbox did not commit in time")
            raise InboxUnavailable(type(error).__name__) from error

    def _start(self) -> None:
        self._start_soon = False
        if self._writing is not None:
            return
        if not self._queued:
            for idle in self._idle:
                if not idle.done():
                    idle.set_result(None)
            self._idle.clear()
            return
        batch = self._writing = self._queued.popleft()
        try:
            self._write(batch.rows, lambda error: self._written(batch, error))
        except Exception as exc:  # the write could not even start: answered like a failed one
            self._written(batch, exc)

    def _written(self, batch: _Batch, error: BaseException | None) -> None:
        batch.timer.cancel()
        for waiter in batch.waiters:
            if not waiter.done():
                waiter.set_result(error)
        self._writing = None
        if error is None and self._on_commit is not None:
            self._on_commit()
        self._start()

    async def aclose(self) -> None:
        if self._writing is not None or self._queued:
            idle: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._idle.append(idle)
            await idle
        if self._close is not None:
            self._close()


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
        await insert_rows(session, _values(_rows(events, now)))


_SQLITE_INSERT = (
    "INSERT INTO inbox (channel, event_id, person, raw, received_at, status, attempts) "
    "VALUES (?, ?, ?, ?, ?, 'pending', 0) "
    "ON CONFLICT (channel, event_id) DO NOTHING"
)


def _sqlite_time(value: dt.datetime) -> str:
    # The text form SQLAlchemy's SQLite DateTime writes and reads back (UTC; see storage.models.UTCDateTime).
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


class _SqliteLoopWriter:
    """Commits inbox rows on the event loop, with a connection of its own, never waiting there for the lock.

    A commit of a batch takes a fraction of a millisecond (WAL, synchronous=NORMAL), so it is done in place: no
    thread, whose every return from SQLite would wait for the loop to let go of the GIL. `BEGIN IMMEDIATE` is tried
    without waiting; while the lock is taken (by a transaction of this process under way, or by another process) it
    is tried again on a timer, every 0.2 ms doubling to 2 ms, and the loop's own transactions do not begin meanwhile
    (`Database.priority_writer`), so an acknowledgement waits at most for the transaction under way. After
    `lock_wait` the batch fails and its webhooks are answered 503.
    """

    def __init__(self, path: str, priority: threading.Event, lock_wait: float = 1.0) -> None:
        self._path = path
        self._priority = priority
        self._lock_wait = lock_wait
        self._connection: sqlite3.Connection | None = None

    def write(self, rows: list[Row], written: Written) -> None:
        self._attempt(rows, written, time.monotonic() + self._lock_wait, 0.0002)

    def _attempt(self, rows: list[Row], written: Written, deadline: float, delay: float) -> None:
        try:
            connection = _connect(self._path, self._connection)
            self._connection = connection
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) and time.monotonic() < deadline:
                self._priority.set()
                loop = asyncio.get_running_loop()
                loop.call_later(delay, self._attempt, rows, written, deadline, min(delay * 2, 0.002))
                return
            self._priority.clear()
            written(exc)
            return
        except Exception as exc:
            self._priority.clear()
            written(exc)
            return
        self._priority.clear()
        try:
            _insert(connection, rows)
        except Exception as exc:
            written(exc)
            return
        written(None)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _connect(path: str, connection: sqlite3.Connection | None) -> sqlite3.Connection:
    if connection is None:
        connection = sqlite3.connect(path, timeout=0.0, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
    return connection


def _insert(connection: sqlite3.Connection, rows: list[Row]) -> None:
    """Insert and commit (the transaction is begun); rolled back on any error."""
    times: dict[dt.datetime, str] = {}
    try:
        connection.executemany(
            _SQLITE_INSERT,
            [
                (channel, event_id, person, raw, times.get(at) or times.setdefault(at, _sqlite_time(at)))
                for channel, event_id, person, raw, at in rows
            ],
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


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
