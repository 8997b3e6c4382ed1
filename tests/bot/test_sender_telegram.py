"""Telegram has no idempotency key: a send that may have reached it is never repeated, one that never left is.

Decided (bot.channels.telegram): a request whose answer did not come (a read or write timeout, a connection dropped
after the request was written) may have been delivered, so its message is `unknown`, logged and counted, and not
sent again; a request that never left (connection refused, a DNS failure, no free connection) is retried.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from structlog.testing import capture_logs

from bot.channels.telegram import TelegramChannel
from bot.metrics import HotlineMetrics
from bot.sandbox.fake_telegram import SANDBOX_TELEGRAM_TOKEN, FakeTelegramApi
from bot.sandbox.serve import serve_app
from bot.sender import OutboxSender
from storage.contacts import find_or_create_contact
from storage.db import Database
from storage.models import OutboxMessage
from storage.outbox import OutboxStatus, enqueue
from tests.bot.conftest import ManualClock

KEY = b"k" * 32
CHAT = 4242


async def _queue(db: Database, clock: ManualClock, text: str) -> None:
    async with db.transaction() as session:
        contact, _ = await find_or_create_contact(session, KEY, "telegram", str(CHAT), clock())
        enqueue(session, contact.id, {"text": text}, clock())


async def _rows(db: Database) -> list[tuple[str, int]]:
    async with db.read() as session:
        result = await session.execute(select(OutboxMessage.status, OutboxMessage.attempts).order_by(OutboxMessage.id))
        return [(status, attempts) for status, attempts in result.all()]


def _sends(fake: FakeTelegramApi) -> int:
    return sum(1 for r in fake.requests if r.path.endswith("/sendMessage"))


@pytest.fixture
async def impatient(fake_telegram: tuple[FakeTelegramApi, str], clock: ManualClock) -> AsyncIterator[TelegramChannel]:
    """A Telegram channel that gives up on an answer after 0.3 s (15 s in production)."""
    fake, url = fake_telegram
    fake.add_chat(CHAT)
    channel = TelegramChannel(SANDBOX_TELEGRAM_TOKEN, "secret", url, clock=clock, send_timeout=0.3)
    await channel.start()
    yield channel
    await channel.stop()


async def test_a_send_whose_answer_times_out_is_unknown_and_never_sent_twice(
    db: Database, fake_telegram: tuple[FakeTelegramApi, str], impatient: TelegramChannel, clock: ManualClock
) -> None:
    fake = fake_telegram[0]
    await _queue(db, clock, "Your supporter wrote back")
    metrics = HotlineMetrics()
    sender = OutboxSender(db, metrics.counted({"telegram": impatient}), clock)
    fake.hold_answers()  # Telegram takes the message; its answer never reaches us in time
    try:
        with capture_logs() as logs:
            await sender.drain_once()
    finally:
        fake.release_answers()
    for _ in range(3):  # later passes, long after any backoff, send nothing more
        clock.advance(3600)
        await sender.drain_once()

    assert fake.texts_to(CHAT) == ["Your supporter wrote back"]
    assert _sends(fake) == 1
    assert await _rows(db) == [(OutboxStatus.UNKNOWN, 1)]
    [unknown] = [entry for entry in logs if entry["event"] == "sender.outcome_unknown"]
    assert unknown["rows"] == 1
    counted = {"channel": "telegram", "result": "unknown"}
    assert metrics.registry.get_sample_value("hotline_deliveries_total", counted) == 1


async def test_a_send_refused_before_it_left_is_sent_again_once_telegram_answers(
    db: Database, clock: ManualClock
) -> None:
    fake = FakeTelegramApi(clock=clock.epoch)
    fake.add_chat(CHAT)
    async with serve_app(fake) as url:
        channel = TelegramChannel(SANDBOX_TELEGRAM_TOKEN, "secret", url, clock=clock)
        await channel.start()
    port = int(url.rsplit(":", 1)[1])
    try:
        await _queue(db, clock, "Your supporter wrote back")
        sender = OutboxSender(db, {"telegram": channel}, clock, first_backoff=dt.timedelta(seconds=2))
        await sender.drain_once()  # nothing listens: the connection is refused, nothing was sent
        assert await _rows(db) == [(OutboxStatus.PENDING, 1)]
        async with serve_app(fake, port=port):
            clock.advance(5)
            await sender.drain_once()
            clock.advance(3600)
            await sender.drain_once()
    finally:
        await channel.stop()

    assert fake.texts_to(CHAT) == ["Your supporter wrote back"]
    assert await _rows(db) == [(OutboxStatus.SENT, 2)]
