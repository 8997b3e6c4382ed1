"""Taking in with group commit: a webhook is answered only once its events are committed, and never waits forever."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3

import pytest

from storage.db import Database
from storage.inbox import InboxUnavailable, InboxWriter, NewEvent, Row, Written, pending_count


def event(number: int) -> NewEvent:
    return NewEvent("line", f"ev-{number}", f"U{number}", '{"type": "message"}')


def now() -> dt.datetime:
    return dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)


class SlowStore:
    """A write that ends `seconds` after it starts (or fails), keeping what it wrote."""

    def __init__(self, seconds: float, error: Exception | None = None) -> None:
        self.seconds = seconds
        self.error = error
        self.commits: list[list[str]] = []

    def write(self, rows: list[Row], written: Written) -> None:
        def end() -> None:
            if self.error is None:
                self.commits.append([row[1] for row in rows])
            written(self.error)

        asyncio.get_running_loop().call_later(self.seconds, end)


async def test_webhooks_arriving_during_a_commit_share_the_next_one() -> None:
    store = SlowStore(0.05)
    writer = InboxWriter(store.write, now)
    first = asyncio.create_task(writer.append([event(0)]))
    await asyncio.sleep(0.01)  # the first commit is under way
    await asyncio.gather(first, *(writer.append([event(i)]) for i in range(1, 30)))
    await writer.aclose()
    assert store.commits == [["ev-0"], [f"ev-{i}" for i in range(1, 30)]]


async def test_a_commit_slower_than_the_wait_is_answered_unavailable_and_still_kept() -> None:
    store = SlowStore(0.3)
    writer = InboxWriter(store.write, now, wait=0.1)
    with pytest.raises(InboxUnavailable, match="in time"):
        await writer.append([event(1), event(2)])
    await writer.aclose()  # waits for the commit under way
    assert store.commits == [["ev-1", "ev-2"]]  # the platform's redelivery is recognised as such


async def test_a_failed_commit_answers_every_webhook_of_it_and_the_next_one_goes_on() -> None:
    store = SlowStore(0.01, error=sqlite3.OperationalError("disk I/O error"))
    writer = InboxWriter(store.write, now)
    results = await asyncio.gather(*(writer.append([event(i)]) for i in range(5)), return_exceptions=True)
    assert all(isinstance(result, InboxUnavailable) for result in results)
    store.error = None
    await writer.append([event(9)])
    await writer.aclose()
    assert store.commits == [["ev-9"]]


async def test_a_foreign_write_lock_shorter_than_the_lock_wait_delays_the_answer_only(db: Database) -> None:
    writer = InboxWriter.for_database(db, now)
    other = Database(db.url)  # another process's connection (PostgreSQL)
    try:
        if db.sqlite_path is not None:
            holder = sqlite3.connect(db.sqlite_path, isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            appended = asyncio.create_task(writer.append([event(1)]))
            await asyncio.sleep(0.3)
            assert not appended.done()  # waiting for the lock, without holding up the event loop this test runs on
            holder.execute("COMMIT")
            holder.close()
            await appended
        else:
            async with other.engine.connect() as connection:
                await connection.exec_driver_sql("LOCK TABLE inbox IN EXCLUSIVE MODE")
                appended = asyncio.create_task(writer.append([event(1)]))
                await asyncio.sleep(0.3)
                assert not appended.done()
                await connection.commit()
            await appended
    finally:
        await writer.aclose()
        await other.dispose()
    async with db.read() as session:
        assert await pending_count(session) == 1
