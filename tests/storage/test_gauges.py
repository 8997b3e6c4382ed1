"""The gauges /metrics reads, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from storage.contacts import find_or_create_contact
from storage.db import Database
from storage.gauges import WaitHistogram, first_reply_waits, line_pushes_this_month, month_start, outbox_depth
from storage.models import Case
from storage.outbox import enqueue
from tests.conftest import TEST_KEY

# 2026-12-01 01:00 in Tokyo: already December for LINE's quota, still November in UTC.
NOW = dt.datetime(2026, 11, 30, 16, 0, tzinfo=dt.UTC)


def test_the_line_quota_month_starts_on_the_first_in_japan() -> None:
    assert month_start(NOW) == dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)
    assert month_start(NOW - dt.timedelta(hours=2)) == dt.datetime(2026, 10, 31, 15, 0, tzinfo=dt.UTC)


async def test_line_pushes_count_only_line_messages_sent_this_month_without_a_fresh_reply_token(db: Database) -> None:
    async with db.transaction() as session:
        line, _ = await find_or_create_contact(session, TEST_KEY, "line", "U" + "1" * 32, NOW)
        telegram, _ = await find_or_create_contact(session, TEST_KEY, "telegram", "4242", NOW)
        await session.flush()

        def sent(contact_id: int, at: dt.datetime, token_valid_until: dt.datetime | None = None) -> None:
            row = enqueue(
                session,
                contact_id,
                {"text": "x"},
                at,
                reply_token="token" if token_valid_until else None,
                reply_token_expires_at=token_valid_until,
            )
            row.status, row.sent_at = "sent", at

        sent(line.id, NOW)  # a push this month
        sent(line.id, NOW - dt.timedelta(minutes=30), token_valid_until=NOW - dt.timedelta(minutes=45))  # token expired
        sent(line.id, NOW, token_valid_until=NOW + dt.timedelta(seconds=50))  # a free reply
        sent(line.id, NOW - dt.timedelta(hours=2))  # last month in Japan
        sent(telegram.id, NOW)  # Telegram has no quota
        enqueue(session, line.id, {"text": "x"}, NOW)  # not sent yet

    async with db.sessions() as session:
        assert await line_pushes_this_month(session, NOW) == 2
        assert await outbox_depth(session) == 1


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
