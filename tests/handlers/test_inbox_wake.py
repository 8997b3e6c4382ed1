"""Waking the inbox workers: a commit of the inbox writer wakes one waiting worker, a backlog wakes more.

Poking every worker at every commit made all but one of them claim nothing, a transaction each; with two
processes on PostgreSQL those empty claims and half-empty batches nearly doubled the CPU spent per message.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import pytest

from handlers.context import Services, Turn
from handlers.inbox import InboxWorker, wake
from storage.db import Database
from storage.inbox import InboxWriter
from tests.handlers.test_inbox import Journal, JsonReader, counts, event


def counting(worker: InboxWorker, claims: list[tuple[int, int]], number: int) -> Callable[[], Awaitable[int]]:
    """The worker's drain_once, writing down (worker, rows taken) for each claim."""
    drain = worker.drain_once

    async def drain_once() -> int:
        taken = await drain()
        claims.append((number, taken))
        return taken

    return drain_once


async def until(condition: Callable[[], Awaitable[bool]], seconds: float = 20.0) -> None:
    """Wait until `condition()` is true (the workers get there), failing after `seconds`."""
    deadline = time.monotonic() + seconds
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError("the workers did not get there in time")
        await asyncio.sleep(0.02)


async def test_an_event_taken_in_wakes_one_waiting_worker_not_all(db: Database, services: Services) -> None:
    journal = Journal()
    workers: list[InboxWorker] = []
    workers += [
        InboxWorker(db, services, JsonReader(), step=journal, idle_poll=30, on_full=lambda: wake(workers))
        for _ in range(4)
    ]
    claims: list[tuple[int, int]] = []
    for number, worker in enumerate(workers):
        worker.drain_once = counting(worker, claims, number)  # type: ignore[method-assign]
    writer = InboxWriter.for_database(db, services.clock)
    writer.on_commit(lambda: wake(workers))
    tasks = [asyncio.create_task(worker.run()) for worker in workers]
    try:
        await until(lambda: _true(all(worker.waiting for worker in workers)))
        claims.clear()

        await writer.append([event("ana", "a1", "hello")])
        await until(lambda: _true(journal.seen == [("ana", "hello")] and all(w.waiting for w in workers)))

        # One worker took the event (and looked once more before it waited); the other three slept on.
        assert {number for number, _ in claims} == {claims[0][0]}
        assert [taken for _, taken in claims] == [1, 0]
        assert await counts(db) == (0, 0, 1)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await writer.aclose()


async def test_a_backlog_is_shared_out_among_the_workers_in_order_per_person(db: Database, services: Services) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite runs one worker: its transactions take turns anyway")
    journal = Journal()
    busy: set[str] = set()
    overlaps: list[str] = []
    processed_by: dict[str, set[str]] = {}

    async def slow_step(turn: Turn) -> None:
        assert turn.inbound is not None
        person = turn.inbound.address
        if person in busy:
            overlaps.append(person)
        busy.add(person)
        task = asyncio.current_task()
        assert task is not None
        processed_by.setdefault(task.get_name(), set()).add(person)
        await asyncio.sleep(0.005)
        busy.discard(person)
        await journal(turn)

    workers: list[InboxWorker] = []
    workers += [
        InboxWorker(db, services, JsonReader(), step=slow_step, batch=5, budget=60, idle_poll=30) for _ in range(4)
    ]
    for worker in workers:
        worker.on_full = lambda: wake(workers)
    writer = InboxWriter.for_database(db, services.clock)
    writer.on_commit(lambda: wake(workers))
    tasks = [asyncio.create_task(worker.run(), name=f"worker-{i}") for i, worker in enumerate(workers)]
    try:
        await until(lambda: _true(all(worker.waiting for worker in workers)))
        # One commit of 60 events from 12 people wakes one worker; its full claim wakes the next, and so on.
        await writer.append([event(f"p{i % 12}", f"e{i}", f"{i:03d}") for i in range(60)])

        async def all_done() -> bool:
            return len(journal.seen) == 60 and await counts(db) == (0, 0, 60)

        await until(all_done)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await writer.aclose()
    assert len(processed_by) > 1, "one worker processed the whole backlog alone"
    assert overlaps == []
    for person in (f"p{i}" for i in range(12)):
        texts = [text for who, text in journal.seen if who == person]
        assert texts == sorted(texts)
        assert len(texts) == 5


def _true(value: bool) -> Awaitable[bool]:
    async def answer() -> bool:
        return value

    return answer()
