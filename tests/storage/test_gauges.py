"""The gauges /metrics reads, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from storage.contacts import find_or_create_contact
from storage.db import Database
from storage.gauges import WaitHistogram, first_reply_waits, outbox_unknown
from storage.models import Case
from storage.outbox import OutboxStatus, enqueue

NOW = dt.datetime(2026, 11, 30, 16, 0, tzinfo=dt.UTC)


async def test_first_reply_waits_are_counted_per_bound_for_recent_cases(db: Database) -> None:
    async with db.transaction() as session:
        for number, (submitted_ago, wait) in enumerate([(1, 45), (2, 300), (3, 4000), (40 * 24, 10), (5, None)]):
            submitted = NOW - dt.timedelta(hours=submitted_ago)
            session.add(
                Case(
                    number=f"W-{number}",
                    channel="line",
                    language="vi",
                    created_at=submitted,
                    first_response_at=submitted + dt.timedelta(seconds=wait) if wait is not None else None,
                )
            )
    async with db.transaction() as session:
        waits = await first_reply_waits(session, NOW - dt.timedelta(days=30), (60.0, 300.0, 3600.0))
    # The case of 40 days ago is outside the window; the unanswered one has no wait yet.
    assert waits == WaitHistogram(at_most=(1, 2, 2), count=3, total_seconds=4345.0)


async def test_outbox_rows_whose_outcome_was_lost_are_counted_apart(db: Database) -> None:
    async with db.transaction() as session:
        contact, _ = await find_or_create_contact(session, b"k" * 32, "telegram", "4242", NOW)
        await session.flush()
        for status in (OutboxStatus.PENDING, OutboxStatus.SENT, OutboxStatus.UNKNOWN, OutboxStatus.UNKNOWN):
            enqueue(session, contact.id, {"text": "x"}, NOW).status = status
    async with db.transaction() as session:
        assert await outbox_unknown(session) == 2
