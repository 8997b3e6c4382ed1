"""Processing the inbox: each event once, in order per person, many per transaction.

For each row, in one transaction with many others: the event id (a redelivery changes nothing), the person, the
conversation step, the queued replies, and the row leaving the inbox. The rows' contacts are read in one query.
A batch runs in one savepoint; when a row fails, the batch runs again with a savepoint per row, so the one that
fails rolls back alone; after `storage.inbox.MAX_ATTEMPTS` failures it is set aside and the person's later
events go on. Reading the platform's extras (LINE profile language) happens before the transaction, so no
network call ever runs while the SQLite write lock is held.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.context import Services, Turn
from handlers.dispatch import dispatch
from handlers.media import Arrival, receive_media
from handlers.messages import MEDIA, Inbound
from storage import inbox
from storage.cases import hold_open_cases
from storage.contacts import find_or_create_contact, hold_contacts
from storage.db import Database
from storage.events import delivered_before, first_delivery, record_deliveries
from storage.inbox import InboxRow
from storage.outbox_queue import discard_queued, write_queued

log = structlog.get_logger()

Step = Callable[[Turn], Awaitable[None]]
Prepared = list[tuple[Inbound, Arrival | None]]  # a row's events, each with its fetched file


class EventReader(Protocol):
    """Turns a raw inbox event into the plain inbound messages it carries (the channels, wired by `bot`)."""

    async def read(self, channel: str, raw: str, received_at: dt.datetime) -> list[Inbound]:
        """The inbound messages of one event ([] for events we do not use), with the platform's hints added.

        Raises for an event the channel cannot read; the worker counts that as a failed attempt.
        """
        ...


async def take_turn(
    session: AsyncSession,
    services: Services,
    inbound: Inbound,
    now: dt.datetime,
    step: Step = dispatch,
    arrival: Arrival | None = None,
) -> bool:
    """Run one inbound event inside the caller's transaction. False for a redelivery: nothing was done.

    `arrival` is the file of a MEDIA event, fetched before the transaction (`prepare`).
    """
    if not await first_delivery(session, inbound.channel, inbound.event_id, now):
        return False
    await _run_step(session, services, inbound, now, step, arrival)
    await write_queued(session)
    return True


async def _run_step(
    session: AsyncSession, services: Services, inbound: Inbound, now: dt.datetime, step: Step, arrival: Arrival | None
) -> None:
    """The event's person, conversation step and replies, queued in the session (the caller checks its first
    delivery and writes the queued replies, see storage.outbox_queue)."""
    contact, _created = await find_or_create_contact(
        session, services.pseudonym_key, inbound.channel, inbound.address, now, services.previous_pseudonym_key
    )
    turn = Turn(session, services, contact, inbound, now, arrival, queue_at_end=True)
    await step(turn)


async def prepare(services: Services, inbound: Inbound) -> Arrival | None:
    """What an event needs from the network before its transaction: the file of a media message."""
    return await receive_media(services.media_fetcher, inbound) if inbound.kind == MEDIA else None


async def handle_inbound(db: Database, services: Services, inbound: Inbound) -> bool:
    """Process one event in a transaction of its own (the playgrounds and tests; webhooks go through the inbox).

    Returns False when it was a redelivery and nothing was done.
    """
    # The file is fetched before the transaction: a download must not hold the database.
    arrival = await prepare(services, inbound)
    async with db.transaction() as session:
        return await take_turn(session, services, inbound, services.clock(), arrival=arrival)


def wake(workers: Sequence[InboxWorker]) -> None:
    """Events were taken in: poke one waiting worker, and the busy ones (each looks again before it waits).

    The other waiting workers sleep on: poked all at once, all but one would claim nothing, a transaction each,
    at every commit of the inbox writer (on PostgreSQL three round trips each, which cost more than the rows
    they missed). A claim that comes back full wakes the next worker (`on_full`), so a backlog is shared out.
    """
    woken = any(worker.gathering for worker in workers)  # one takes the rows shortly anyway
    for worker in workers:
        if not worker.waiting:
            worker.poke()
        elif not woken:
            worker.poke()
            woken = True


class ProcessedElsewhere(Exception):
    """Another transaction recorded an event of the batch first: the batch's work is rolled back and its rows run
    one by one, each checking its events itself."""


def _identity(row: InboxRow) -> tuple[int, str, str]:
    # SQLite gives a deleted row's id to the next one: the event id tells them apart.
    return (row.id, row.channel, row.event_id)


class InboxWorker:
    """Takes inbox rows and processes them. `drain_once()` for tests, `run()` as the app's task.

    Several workers (and several processes) may run on PostgreSQL; on SQLite one is enough, since its
    transactions take turns anyway. `on_commit` is called after each commit that queued anything (the app
    pokes the sender). `on_full` is called when a claim came back full, so more rows are likely pending (the app
    wakes another worker, see `wake`).
    """

    def __init__(
        self,
        db: Database,
        services: Services,
        reader: EventReader,
        *,
        step: Step = dispatch,
        batch: int = 50,
        budget: float = 0.03,
        idle_poll: float = 1.0,
        gather: float = 0.01,
        on_commit: Callable[[], None] | None = None,
        on_full: Callable[[], None] | None = None,
    ) -> None:
        self.db = db
        self.services = services
        self.reader = reader
        self.step = step
        self.batch = batch
        # Seconds of processing per transaction: the SQLite write lock is held meanwhile, and the webhooks
        # answered in that time wait for it (their events are committed by another connection).
        self.budget = budget
        self.idle_poll = idle_poll
        # Seconds `run` waits after a batch that left nothing pending, before it takes the next: under load the
        # rows of several webhooks then go into one transaction, instead of a few per transaction.
        self.gather = gather
        # Whether the last drain left rows pending (a full batch, or the budget ended it): then no gathering.
        self._more_pending = False
        self.on_commit = on_commit
        self.on_full = on_full
        self._wake = asyncio.Event()
        self.waiting = False  # in `run`, waiting to be poked: `wake` pokes one such worker, not all
        self.gathering = False  # in `run`, about to take the rows that came in since its last batch
        # The rows of the last read, kept while they are pending: a row the budget left for the next
        # transaction is not read twice.
        self._read_ahead: dict[tuple[int, str, str], Prepared] = {}
        # Seconds one row took lately (a moving average): a batch is as many rows as the budget should process,
        # so that no contact is read and marked seen for a row that then waits for the next transaction.
        self._row_seconds = 0.0

    def poke(self) -> None:
        """Events were taken in: process now rather than at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        while True:
            self._wake.clear()
            try:
                handled = await self.drain_once()
            except Exception as exc:  # a database hiccup must not end the worker
                log.error("inbox.drain_failed", error=type(exc).__name__)
                handled = 0
                await asyncio.sleep(self.idle_poll)
            if handled and not self._more_pending and self.gather > 0:
                # A stream of events, taken faster than it comes: let the take-in add rows for a while, so that the
                # next transaction pays its fixed cost (reads, marks, commit) for more of them. An event after a
                # quiet spell is taken at once (below).
                self.gathering = True  # `wake` leaves the waiting workers asleep: this one takes the rows soon
                try:
                    await asyncio.sleep(self.gather)
                finally:
                    self.gathering = False
            elif not handled:
                self.waiting = True
                try:
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(self.idle_poll):
                            await self._wake.wait()
                finally:
                    self.waiting = False

    def _batch_size(self) -> int:
        if self._row_seconds <= 0:
            return self.batch
        return max(1, min(self.batch, int(self.budget / self._row_seconds) + 1))

    def _timed(self, rows: int, seconds: float) -> None:
        if rows:
            per_row = seconds / rows
            self._row_seconds = per_row if self._row_seconds <= 0 else 0.7 * self._row_seconds + 0.3 * per_row

    async def drain_once(self) -> int:
        """Process one batch of pending rows; returns how many rows it took (processed or failed)."""
        size = self._batch_size()
        self._more_pending = False
        if self.db.is_sqlite:
            # Read and decode first (profile look-ups are network calls), then one writing transaction.
            peeked = await inbox.peek(self.db, size)
            if not peeked:
                return 0
            decoded = await self._decode(peeked)
            async with self.db.transaction() as session:
                rows = await inbox.claim(session, size, ids=[row.id for row in peeked])
                taken, processed = await self._process(session, rows, decoded)
        else:
            # PostgreSQL: the claimed rows stay locked while their extras are read; other workers skip them.
            async with self.db.transaction() as session:
                rows = await inbox.claim(session, size)
                if not rows:
                    return 0
                if len(rows) == size and self.on_full is not None:
                    self.on_full()  # a backlog: another worker claims the next rows meanwhile
                decoded = await self._decode(rows)
                taken, processed = await self._process(session, rows, decoded)
        self._more_pending = len(rows) >= size or taken < len(rows)
        if processed and self.on_commit is not None:
            self.on_commit()
        return taken

    async def _decode(self, rows: Sequence[InboxRow]) -> dict[int, Prepared | BaseException]:
        kept = self._read_ahead
        fresh = [row for row in rows if _identity(row) not in kept]
        results = await asyncio.gather(*(self._read(row) for row in fresh), return_exceptions=True)
        read = {_identity(row): result for row, result in zip(fresh, results, strict=True)}
        decoded = {row.id: kept[key] if (key := _identity(row)) in kept else read[key] for row in rows}
        # Only successes are kept: a row that could not be read is read afresh at its next attempt.
        self._read_ahead = {
            _identity(row): value for row in rows if not isinstance(value := decoded[row.id], BaseException)
        }
        return decoded

    async def _read(self, row: InboxRow) -> Prepared:
        events = await self.reader.read(row.channel, row.raw, row.received_at)
        return [(event, await prepare(self.services, event)) for event in events]

    async def _process(
        self, session: AsyncSession, rows: Sequence[InboxRow], decoded: dict[int, Prepared | BaseException]
    ) -> tuple[int, int]:
        """Returns (rows taken: processed or failed, rows processed).

        The rows run together in one savepoint; only when one of them fails is that work rolled back and the
        rows run again, each in a savepoint of its own, so that the failing one is set aside alone.
        """
        now = self.services.clock()
        people = {(event.channel, event.address) for r in decoded.values() if isinstance(r, list) for event, _ in r}
        # The batch's new people are created in one statement, unless a key rotation may know them under the old key.
        create = self.services.previous_pseudonym_key is None
        held = await hold_contacts(session, self.services.pseudonym_key, people, now, create=create)
        await hold_open_cases(session, [contact.id for contact in held])
        if all(isinstance(decoded.get(row.id), list) for row in rows):
            try:
                async with session.begin_nested():
                    done = await self._run_together(session, rows, decoded, now)
            except Exception as exc:
                discard_queued(session)
                log.info("inbox.batch_retried_row_by_row", rows=len(rows), error=type(exc).__name__)
            else:
                await inbox.finish(session, done)
                return len(done), len(done)
        return await self._run_one_by_one(session, rows, decoded, now)

    async def _run_together(
        self,
        session: AsyncSession,
        rows: Sequence[InboxRow],
        decoded: dict[int, Prepared | BaseException],
        now: dt.datetime,
    ) -> list[int]:
        started = time.monotonic()
        # The event ids are checked for the batch in one query and recorded when it is done, in one statement.
        seen = await delivered_before(
            session,
            {(event.channel, event.event_id) for r in decoded.values() if isinstance(r, list) for event, _ in r},
        )
        fresh: list[tuple[str, str]] = []
        done: list[int] = []
        for row in rows:
            if done and time.monotonic() - started > self.budget:
                break  # the rest stay pending for the next transaction, still in order
            events = decoded[row.id]
            if isinstance(events, BaseException):  # checked by the caller
                raise events
            for event, arrival in events:
                if (event.channel, event.event_id) in seen:
                    continue  # a redelivery: nothing is done
                seen.add((event.channel, event.event_id))
                fresh.append((event.channel, event.event_id))
                await _run_step(session, self.services, event, now, self.step, arrival)
            done.append(row.id)
        await write_queued(session)  # the batch's replies, in one INSERT
        if not await record_deliveries(session, fresh, now):
            raise ProcessedElsewhere("an event of the batch was processed by another transaction meanwhile")
        self._timed(len(done), time.monotonic() - started)
        return done

    async def _run_one_by_one(
        self,
        session: AsyncSession,
        rows: Sequence[InboxRow],
        decoded: dict[int, Prepared | BaseException],
        now: dt.datetime,
    ) -> tuple[int, int]:
        started = time.monotonic()
        done: list[int] = []
        failures = 0
        stopped: set[str] = set()  # persons whose earlier event failed: their later ones wait, in order
        for row in rows:
            if (done or failures) and time.monotonic() - started > self.budget:
                break  # the rest stay pending for the next transaction, still in order
            if row.person in stopped:
                continue
            events = decoded.get(row.id)
            try:
                if events is None or isinstance(events, BaseException):
                    raise events or LookupError("event was not read")
                async with session.begin_nested():
                    for event, arrival in events:
                        await take_turn(session, self.services, event, now, self.step, arrival)
            except Exception as exc:
                discard_queued(session)
                stopped.add(row.person)
                failures += 1
                failed = await inbox.record_failure(session, row, type(exc).__name__)
                log.error(
                    "inbox.event_failed",
                    channel=row.channel,
                    row=row.id,
                    attempts=row.attempts + 1,
                    set_aside=failed,
                    error=type(exc).__name__,
                )
                continue
            done.append(row.id)
        self._timed(len(done) + failures, time.monotonic() - started)
        await inbox.finish(session, done)
        return len(done) + failures, len(done)
