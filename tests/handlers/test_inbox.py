"""Processing the inbox: every kept event once, in order per person, one bad event holding up nobody else."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from handlers.context import Services, Turn
from handlers.inbox import InboxWorker
from handlers.messages import TEXT, Inbound
from storage import inbox
from storage.db import Database
from storage.events import first_delivery
from storage.inbox import MAX_ATTEMPTS, InboxWriter, NewEvent
from storage.models import InboxEvent, InboxStatus, OutboxMessage


class JsonReader:
    """Events as the tests write them: {"from": ..., "text": ...}; "boom" cannot be read."""

    async def read(self, channel: str, raw: str, received_at: dt.datetime) -> list[Inbound]:
        data = json.loads(raw)
        if data["text"] == "boom":
            raise ValueError("unreadable")
        return [Inbound(channel, data["from"], TEXT, data["id"], text=data["text"], received_at=received_at)]


def event(sender: str, event_id: str, text: str) -> NewEvent:
    return NewEvent("sandbox", event_id, sender, json.dumps({"from": sender, "id": event_id, "text": text}))


class Journal:
    """A conversation step that writes down who said what, in the order processed, and replies."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    async def __call__(self, turn: Turn) -> None:
        assert turn.inbound is not None
        if turn.inbound.text == "crash":
            raise RuntimeError("a bug in a handler")
        self.seen.append((turn.inbound.address, turn.inbound.text or ""))
        turn.reply(f"got {turn.inbound.text}")


async def keep(db: Database, services: Services, *events: NewEvent) -> None:
    async with db.transaction() as session:
        await inbox.append(session, events, services.clock())


async def counts(db: Database) -> tuple[int, int, int]:
    async with db.read() as session:
        pending = await inbox.pending_count(session)
        failed = await inbox.failed_count(session)
        outbox = await session.scalar(select(func.count()).select_from(OutboxMessage)) or 0
    return pending, failed, outbox


async def test_events_are_processed_once_in_order_and_leave_the_inbox(db: Database, services: Services) -> None:
    journal = Journal()
    worker = InboxWorker(db, services, JsonReader(), step=journal, batch=3)
    await keep(db, services, *(event(f"p{i % 2}", f"e{i}", f"m{i}") for i in range(7)))
    await keep(db, services, event("p0", "e0", "m0 again"))  # a redelivery while still pending: kept once

    while await worker.drain_once():
        pass

    assert [text for person, text in journal.seen if person == "p0"] == ["m0", "m2", "m4", "m6"]
    assert [text for person, text in journal.seen if person == "p1"] == ["m1", "m3", "m5"]
    assert await counts(db) == (0, 0, 7)
    await keep(db, services, event("p0", "e2", "m2"))  # a redelivery after processing changes nothing
    await worker.drain_once()
    assert len(journal.seen) == 7
    assert await counts(db) == (0, 0, 7)


async def test_a_failing_event_is_retried_then_set_aside_without_holding_up_others(
    db: Database, services: Services
) -> None:
    journal = Journal()
    worker = InboxWorker(db, services, JsonReader(), step=journal, budget=60)  # each drain takes every row
    await keep(
        db,
        services,
        event("ana", "a1", "crash"),
        event("bo", "b1", "hello"),
        event("ana", "a2", "after the crash"),
        event("cy", "c1", "boom"),
        event("bo", "b2", "again"),
    )

    for _ in range(MAX_ATTEMPTS):
        await worker.drain_once()
        # Bo is never held up; Ana's second message waits for her first, in order.
        assert ("bo", "again") in journal.seen
        if ("ana", "after the crash") in journal.seen:
            break
    while await worker.drain_once():
        pass

    assert journal.seen == [("bo", "hello"), ("bo", "again"), ("ana", "after the crash")]
    async with db.read() as session:
        failed = (await session.execute(select(InboxEvent.event_id, InboxEvent.attempts, InboxEvent.last_error)
                                        .where(InboxEvent.status == InboxStatus.FAILED))).all()  # fmt: skip
    assert sorted(failed) == [("a1", MAX_ATTEMPTS, "RuntimeError"), ("c1", MAX_ATTEMPTS, "ValueError")]
    assert await counts(db) == (0, 2, 3)


async def test_a_crash_before_the_commit_leaves_the_events_to_be_taken_again(db: Database, services: Services) -> None:
    class Killed(BaseException):
        """Stands for the process dying: no handler catches it."""

    journal = Journal()
    await keep(db, services, event("ana", "a1", "one"), event("ana", "a2", "two"))

    async def dies_on_two(turn: Turn) -> None:
        await journal(turn)
        if turn.inbound is not None and turn.inbound.text == "two":
            raise Killed

    with pytest.raises(Killed):
        await InboxWorker(db, services, JsonReader(), step=dies_on_two, budget=60).drain_once()
    assert await counts(db) == (2, 0, 0)  # nothing of the batch was kept, not even the first reply

    journal.seen.clear()
    await InboxWorker(db, services, JsonReader(), step=journal, budget=60).drain_once()
    assert journal.seen == [("ana", "one"), ("ana", "two")]
    assert await counts(db) == (0, 0, 2)


async def test_an_event_another_process_took_meanwhile_is_answered_once(db: Database, services: Services) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite serves one process; several processes run on PostgreSQL")
    other = Database(db.url)  # another process, given the same event (a redelivery) while this batch runs

    async def step(turn: Turn) -> None:
        assert turn.inbound is not None
        if turn.inbound.text == "one":
            async with other.transaction() as session:
                await first_delivery(session, "sandbox", "b1", services.clock())
        turn.reply(f"got {turn.inbound.text}")

    await keep(db, services, event("ana", "a1", "one"), event("bo", "b1", "two"))
    try:
        while await InboxWorker(db, services, JsonReader(), step=step, budget=60).drain_once():
            pass
    finally:
        await other.dispose()
    async with db.read() as session:
        bodies = (await session.scalars(select(OutboxMessage.body).order_by(OutboxMessage.id))).all()
    assert [body["text"] for body in bodies] == ["got one"]  # "two" was the other process's to answer
    assert await counts(db) == (0, 0, 1)


async def test_concurrent_webhooks_share_one_commit_and_each_is_kept(db: Database, services: Services) -> None:
    commits: list[int] = []
    writer = InboxWriter.for_database(db, services.clock)
    writer.on_commit(lambda: commits.append(1))
    try:
        await asyncio.gather(*(writer.append([event(f"p{i}", f"e{i}", "hi")]) for i in range(50)))
    finally:
        await writer.aclose()
    assert await counts(db) == (50, 0, 0)
    assert len(commits) < 50  # the 50 appends went into fewer transactions


async def test_two_processes_never_take_one_person_at_once(db: Database, services: Services) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite serves one process; several processes run on PostgreSQL")
    other = Database(db.url)  # a second engine: another process's connection pool
    journal = Journal()
    busy: set[str] = set()
    overlaps: list[str] = []

    async def slow_step(turn: Turn) -> None:
        assert turn.inbound is not None
        person = turn.inbound.address
        if person in busy:
            overlaps.append(person)
        busy.add(person)
        await asyncio.sleep(0.01)  # hold the person while the other workers claim
        busy.discard(person)
        await journal(turn)

    await keep(db, services, *(event(f"p{i % 5}", f"e{i}", f"{i:03d}") for i in range(100)))
    workers = [
        InboxWorker(database, services, JsonReader(), step=slow_step, batch=7) for database in (db, other, db, other)
    ]

    async def drain(worker: InboxWorker) -> None:
        for _ in range(200):
            if not await worker.drain_once():
                async with db.read() as session:
                    if not await inbox.pending_count(session):
                        return

    try:
        await asyncio.gather(*(drain(worker) for worker in workers))
    finally:
        await other.dispose()
    assert overlaps == []
    for person in (f"p{i}" for i in range(5)):
        texts = [text for who, text in journal.seen if who == person]
        assert texts == sorted(texts)
        assert len(texts) == 20
    assert await counts(db) == (0, 0, 100)


async def test_a_worker_stopped_in_the_same_moment_it_is_poked_still_stops(db: Database, services: Services) -> None:
    worker = InboxWorker(db, services, JsonReader(), step=Journal(), idle_poll=30)
    task = asyncio.create_task(worker.run())
    await asyncio.sleep(0.2)  # the inbox is empty: the worker waits to be poked
    worker.poke()
    task.cancel()  # a shutdown arriving with a webhook
    done, _ = await asyncio.wait([task], timeout=5)
    assert done, "the worker went on running after it was cancelled"


class Commits:
    """The worker's `on_commit`: counts its commits, and lets a test wait for the next one."""

    def __init__(self) -> None:
        self.count = 0
        self._changed = asyncio.Event()

    def __call__(self) -> None:
        self.count += 1
        self._changed.set()

    async def reach(self, count: int) -> None:
        async with asyncio.timeout(10):
            while self.count < count:
                self._changed.clear()
                await self._changed.wait()


async def test_events_arriving_while_the_worker_gathers_go_into_one_transaction_in_order(
    db: Database, services: Services
) -> None:
    journal = Journal()
    commits = Commits()
    worker = InboxWorker(
        db, services, JsonReader(), step=journal, budget=60, gather=1.0, idle_poll=60, on_commit=commits
    )
    task = asyncio.create_task(worker.run())
    try:
        await keep(db, services, event("ana", "a1", "one"))
        worker.poke()
        await commits.reach(1)  # the first event of a quiet inbox is taken when it comes
        # The worker now waits for more before its next transaction: these arrive meanwhile, in two webhooks.
        await keep(db, services, event("ana", "a2", "two"), event("bo", "b1", "hi"))
        worker.poke()
        await keep(db, services, event("ana", "a3", "three"))
        worker.poke()
        await commits.reach(2)
        assert await counts(db) == (0, 0, 4)  # the three later events were processed in that one transaction
        assert journal.seen == [("ana", "one"), ("ana", "two"), ("bo", "hi"), ("ana", "three")]
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_a_backlog_is_taken_batch_after_batch_without_gathering(db: Database, services: Services) -> None:
    journal = Journal()
    commits = Commits()
    # A long gather: a worker that gathered between full batches would not be done within the test's patience.
    worker = InboxWorker(db, services, JsonReader(), step=journal, batch=3, budget=60, gather=60, on_commit=commits)
    await keep(db, services, *(event(f"p{i % 2}", f"e{i}", f"m{i}") for i in range(7)))
    task = asyncio.create_task(worker.run())
    try:
        await commits.reach(3)
        assert await counts(db) == (0, 0, 7)
        assert [text for person, text in journal.seen if person == "p0"] == ["m0", "m2", "m4", "m6"]
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
