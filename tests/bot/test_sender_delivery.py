"""Delivering exactly once through the real SDKs: a sender that dies mid-send, priorities, the push ledger."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy import insert, select
from structlog.testing import capture_logs

from bot.channels.line import LineChannel
from bot.channels.telegram import TelegramChannel
from bot.sandbox.fake_line import SANDBOX_CHANNEL_ACCESS_TOKEN, FakeLineApi
from bot.sandbox.fake_telegram import SANDBOX_TELEGRAM_TOKEN, FakeTelegramApi
from bot.sender import OutboxSender
from handlers.context import Services
from handlers.days import announce, plan_consultation_day
from storage.contacts import find_or_create_contact
from storage.db import Database
from storage.models import Contact, OutboxMessage
from storage.outbox import OutboxStatus, Priority, enqueue, pending_count
from storage.pushes import line_pushes_this_month, push_quota
from tests.bot.conftest import ManualClock

KEY = b"k" * 32
LEASE = dt.timedelta(seconds=30)


@pytest.fixture
async def line(fake_line: tuple[FakeLineApi, str], clock: ManualClock) -> AsyncIterator[LineChannel]:
    channel = LineChannel("secret", SANDBOX_CHANNEL_ACCESS_TOKEN, fake_line[1], clock=clock)
    await channel.start()
    yield channel
    await channel.stop()


@pytest.fixture
async def telegram(fake_telegram: tuple[FakeTelegramApi, str], clock: ManualClock) -> AsyncIterator[TelegramChannel]:
    channel = TelegramChannel(SANDBOX_TELEGRAM_TOKEN, "secret", fake_telegram[1], clock=clock)
    await channel.start()
    yield channel
    await channel.stop()


async def _queue(
    db: Database, clock: ManualClock, channel: str, address: str, text: str, token: str | None = None
) -> None:
    now = clock()
    async with db.transaction() as session:
        contact, _ = await find_or_create_contact(session, KEY, channel, address, now)
        expires = now + dt.timedelta(seconds=50) if token else None
        enqueue(session, contact.id, {"text": text}, now, reply_token=token, reply_token_expires_at=expires)


async def _until(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    """Wait (bounded) for something the sender does in the background."""
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the sender did not get there in time")


async def _statuses(db: Database) -> list[str]:
    async with db.transaction() as session:
        return list((await session.scalars(select(OutboxMessage.status).order_by(OutboxMessage.id))).all())


async def _die_mid_send(sender: OutboxSender, requests: Callable[[], int], expected: int) -> None:
    """Run the sender until the platform has taken `expected` requests, then stop it before any answer."""
    task = asyncio.create_task(sender.run())
    await _until(lambda: requests() >= expected)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def test_a_sender_killed_mid_send_sends_nothing_twice_and_repeats_pushes_under_their_retry_key(
    db: Database, fake_line: tuple[FakeLineApi, str], line: LineChannel, clock: ManualClock
) -> None:
    fake = fake_line[0]
    replied, pushed = fake.add_user("Mai"), fake.add_user("Ana")
    await _queue(db, clock, "line", replied, "reply to Mai", token=fake.issue_reply_token(replied))
    await _queue(db, clock, "line", pushed, "push to Ana")
    await _queue(db, clock, "line", pushed, "and a second")  # one push carries both, under one retry key
    fake.hold_answers()  # LINE takes both messages; the answers never reach the sender that dies

    first = OutboxSender(db, {"line": line}, clock, shutdown_grace=0.05)
    await _die_mid_send(first, lambda: len([r for r in fake.requests if "/message/" in r.path]), 2)
    assert await _statuses(db) == [OutboxStatus.SENDING] * 3
    fake.release_answers()

    clock.advance(LEASE.total_seconds())  # the next process starts after the lease ran out
    with capture_logs() as logs:
        await OutboxSender(db, {"line": line}, clock).drain_once()

    assert fake.texts_to(replied) == ["reply to Mai"]
    assert fake.texts_to(pushed) == ["push to Ana", "and a second"]
    pushes = [r for r in fake.requests if r.path == "/v2/bot/message/push"]
    assert [r.status for r in pushes] == [200, 409]  # the repeat, recognised by LINE
    assert pushes[0].headers["x-line-retry-key"] == pushes[1].headers["x-line-retry-key"]
    assert len([r for r in fake.requests if r.path == "/v2/bot/message/reply"]) == 1
    assert await _statuses(db) == [OutboxStatus.UNKNOWN, OutboxStatus.SENT, OutboxStatus.SENT]
    [recovered] = [entry for entry in logs if entry["event"] == "sender.recovered_after_crash"]
    assert (recovered["repeated_under_retry_key"], recovered["left_unsent"]) == (2, 1)  # rows
    assert not any(user in str(entry) for entry in logs for user in (replied, pushed))
    async with db.transaction() as session:
        assert await line_pushes_this_month(session, clock()) == 1  # the 409 is the push LINE took, once


async def test_a_telegram_send_whose_outcome_was_lost_is_not_repeated(
    db: Database, fake_telegram: tuple[FakeTelegramApi, str], telegram: TelegramChannel, clock: ManualClock
) -> None:
    fake = fake_telegram[0]
    fake.add_chat(4242)
    await _queue(db, clock, "telegram", "4242", "hello")
    fake.hold_answers()

    def sends() -> int:
        return sum(1 for r in fake.requests if r.path.endswith("/sendMessage"))

    first = OutboxSender(db, {"telegram": telegram}, clock, shutdown_grace=0.05)
    await _die_mid_send(first, sends, 1)
    fake.release_answers()
    clock.advance(LEASE.total_seconds())
    await OutboxSender(db, {"telegram": telegram}, clock).drain_once()

    assert fake.texts_to(4242) == ["hello"]
    assert sends() == 1
    assert await _statuses(db) == [OutboxStatus.UNKNOWN]


async def test_telegram_messages_claimed_but_not_yet_sent_when_the_sender_stops_are_sent_by_the_next(
    db: Database, fake_telegram: tuple[FakeTelegramApi, str], clock: ManualClock
) -> None:
    fake, url = fake_telegram
    fake.add_chat(4242)
    fake.add_chat(4343)
    for text in ("first", "second", "third"):
        await _queue(db, clock, "telegram", "4242", text)
    await _queue(db, clock, "telegram", "4343", "to the other chat")
    # One send a long while: the first message goes out (its answer held back), the second and third wait behind
    # it in their chat's queue, the other chat's message waits for the bot's rate limit.
    slow = TelegramChannel(
        SANDBOX_TELEGRAM_TOKEN, "secret", url, clock=clock, global_per_second=0.001, per_chat_burst=1
    )
    await slow.start()
    fake.hold_answers()
    try:
        first = OutboxSender(db, {"telegram": slow}, clock, shutdown_grace=0.05)
        await _die_mid_send(first, lambda: sum(1 for r in fake.requests if r.path.endswith("/sendMessage")), 1)
    finally:
        fake.release_answers()
        await slow.stop()
    assert fake.texts_to(4242) == ["first"]

    channel = TelegramChannel(SANDBOX_TELEGRAM_TOKEN, "secret", url, clock=clock)
    await channel.start()
    try:
        await OutboxSender(db, {"telegram": channel}, clock).drain_once()
        # The other chat's message never began: it goes at once, without waiting for the lease.
        assert fake.texts_to(4343) == ["to the other chat"]
        assert fake.texts_to(4242) == ["first"]  # the rest keep their place behind the send whose outcome is lost
        clock.advance(LEASE.total_seconds())
        with capture_logs() as logs:
            await OutboxSender(db, {"telegram": channel}, clock).drain_once()
    finally:
        await channel.stop()

    # Only the message whose request went out may be lost to the stop; it is never sent twice.
    assert fake.texts_to(4242) == ["first", "second", "third"]
    assert await _statuses(db) == [OutboxStatus.UNKNOWN] + [OutboxStatus.SENT] * 3
    [recovered] = [entry for entry in logs if entry["event"] == "sender.recovered_after_crash"]
    assert recovered["left_unsent"] == 1


async def test_a_stopped_sender_records_the_sends_under_way_before_it_ends(
    db: Database, fake_line: tuple[FakeLineApi, str], line: LineChannel, clock: ManualClock
) -> None:
    fake = fake_line[0]
    users = [fake.add_user(f"P{i}") for i in range(5)]
    for user in users:
        await _queue(db, clock, "line", user, "hi", token=fake.issue_reply_token(user))
    fake.hold_answers()
    task = asyncio.create_task(OutboxSender(db, {"line": line}, clock, shutdown_grace=10).run())
    await _until(lambda: sum(1 for r in fake.requests if r.path == "/v2/bot/message/reply") == 5)
    task.cancel()  # as at a shutdown: the answers arrive while the sender winds down
    asyncio.get_running_loop().call_later(0.2, fake.release_answers)
    await asyncio.gather(task, return_exceptions=True)

    assert await _statuses(db) == [OutboxStatus.SENT] * 5


async def test_a_reply_during_an_announcement_to_20000_goes_out_before_the_announcement_is_through(
    db: Database, fake_line: tuple[FakeLineApi, str], line: LineChannel, clock: ManualClock
) -> None:
    fake = fake_line[0]
    now = clock()
    subscribers = 20_000
    rows = [
        {
            "key": f"sub-{i}",
            "channel": "line",
            "platform_user_id": f"U{i:032x}",
            "role": "migrant",
            "locale": "vi",
            "consent": "given",
            "subscribed": True,
            "blocked": False,
            "created_at": now,
            "last_seen_at": now,
        }
        for i in range(subscribers)
    ]
    async with db.transaction() as session:
        await session.execute(insert(Contact), rows)
    starts = now + dt.timedelta(days=10)
    day = await plan_consultation_day(db, title="Day", starts_at=starts, ends_at=starts + dt.timedelta(hours=4))
    assert await announce(db, Services(pseudonym_key=KEY, clock=clock), day) == subscribers

    sender = OutboxSender(db, {"line": line}, clock)
    task = asyncio.create_task(sender.run())
    try:
        await _until(lambda: len(fake.requests) >= 100)  # the broadcast is under way
        migrant = fake.add_user("Linh")
        await _queue(db, clock, "line", migrant, "We received your message.", fake.issue_reply_token(migrant))
        queued_after = len(fake.requests)
        sender.poke()
        await _until(lambda: bool(fake.texts_to(migrant)))
        announcements_before_her = fake.requests.index(
            next(r for r in fake.requests if r.path == "/v2/bot/message/reply")
        )
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    assert fake.texts_to(migrant) == ["We received your message."]  # by her reply token: free
    # Only the few announcements already in flight went out between her message and her reply.
    assert announcements_before_her - queued_after < 500
    async with db.transaction() as session:
        assert await pending_count(session, Priority.BULK) > subscribers // 2


async def test_the_push_ledger_counts_accepted_pushes_and_keeps_lines_quota(
    db: Database, fake_line: tuple[FakeLineApi, str], line: LineChannel, clock: ManualClock
) -> None:
    fake = fake_line[0]
    fake.monthly_quota = 200
    fake.pushes_accepted = 120  # sent earlier this month, e.g. from LINE's own manager
    users = [fake.add_user(f"P{i}") for i in range(3)]
    for user in users:
        await _queue(db, clock, "line", user, "news")
    await _queue(db, clock, "line", users[0], "reply", token=fake.issue_reply_token(users[0]))
    fake.fail_next(500)  # one push fails first and is retried: still counted once
    sender = OutboxSender(db, {"line": line}, clock, first_backoff=dt.timedelta(seconds=1))
    await sender.drain_once()
    clock.advance(5)
    await sender.drain_once()
    reading = await sender.read_line_quota()

    assert reading is not None
    assert (reading.limit, reading.used) == (200, 123)
    async with db.transaction() as session:
        quota = await push_quota(session, clock())
    assert quota.pushes == 3  # the reply was free
    assert (quota.limit, quota.used_by_line, quota.remaining) == (200, 123, 77)
    assert quota.month == "2026-11"


async def test_a_sender_stopped_in_the_same_moment_it_is_poked_still_stops(
    db: Database, fake_line: tuple[FakeLineApi, str], line: LineChannel, clock: ManualClock
) -> None:
    # On Python 3.11, asyncio.wait_for returns the result and drops the cancellation when the awaited event
    # is set in the same loop turn: the app's shutdown (and CI) then waited forever for the sender.
    sender = OutboxSender(db, {"line": line}, clock, idle_poll=30)
    task = asyncio.create_task(sender.run())
    await asyncio.sleep(0.2)  # idle, waiting to be poked
    sender.poke()
    task.cancel()
    done, _ = await asyncio.wait([task], timeout=5)
    assert done, "the sender went on running after it was cancelled"


async def test_a_reply_whose_answer_times_out_is_not_pushed_again_and_a_push_is_repeated_under_its_key(
    db: Database, fake_line: tuple[FakeLineApi, str], clock: ManualClock
) -> None:
    fake, url = fake_line
    replied, pushed = fake.add_user("Mai"), fake.add_user("Ana")
    await _queue(db, clock, "line", replied, "reply to Mai", token=fake.issue_reply_token(replied))
    await _queue(db, clock, "line", pushed, "push to Ana")
    impatient = LineChannel("secret", SANDBOX_CHANNEL_ACCESS_TOKEN, url, clock=clock, send_timeout=0.3)
    await impatient.start()
    try:
        sender = OutboxSender(db, {"line": impatient}, clock)
        fake.hold_answers()  # LINE takes both; neither answer comes back in time
        try:
            await sender.drain_once()
        finally:
            fake.release_answers()
        for _ in range(3):
            clock.advance(600)
            await sender.drain_once()
    finally:
        await impatient.stop()

    assert fake.texts_to(replied) == ["reply to Mai"]  # the reply token was used: no push of the same text
    assert fake.texts_to(pushed) == ["push to Ana"]
    pushes = [r.status for r in fake.requests if r.path == "/v2/bot/message/push"]
    assert pushes == [200, 409]  # the push repeated under its retry key, recognised by LINE
    assert await _statuses(db) == [OutboxStatus.UNKNOWN, OutboxStatus.SENT]


async def test_line_replies_begun_with_their_claim_but_stopped_before_their_request_are_sent_by_the_next(
    db: Database, fake_line: tuple[FakeLineApi, str], line: LineChannel, clock: ManualClock
) -> None:
    fake = fake_line[0]
    users = [fake.add_user(f"P{i}") for i in range(3)]
    for user in users:
        await _queue(db, clock, "line", user, "hi", token=fake.issue_reply_token(user))
    sender = OutboxSender(db, {"line": line}, clock)
    writer = asyncio.create_task(sender._write_forever())
    try:
        claimed, _ = await sender._claim(clock(), {Priority.INTERACTIVE: 10})
        # Each reply starts at once: begun in the claiming transaction, before any request.
        assert await _statuses(db) == [OutboxStatus.SENDING] * 3
        lane = sender._lanes[Priority.INTERACTIVE]
        sends = [
            sender._start(sender._send_in_order(group, lane), group, lane) for group in claimed[Priority.INTERACTIVE]
        ]
        for send in sends:  # the sender stops before any of them made its request
            send.cancel()
        await asyncio.gather(*sends, return_exceptions=True)
        await sender._outcomes.join()
    finally:
        writer.cancel()
        await asyncio.gather(writer, return_exceptions=True)
    assert not [r for r in fake.requests if r.path == "/v2/bot/message/reply"]
    assert await _statuses(db) == [OutboxStatus.PENDING] * 3  # not `unknown`: nothing went out

    await OutboxSender(db, {"line": line}, clock).drain_once()

    for user in users:
        assert fake.texts_to(user) == ["hi"]
    assert await _statuses(db) == [OutboxStatus.SENT] * 3
