"""Broadcast a consultation-day notice to many Telegram subscribers through the real sender and channel.

The sandbox Telegram API enforces the platform's 30 messages per second (429 beyond it), so the fastest
possible broadcast of N messages takes N / 30 s. The figure reported is the achieved rate over that limit
(1.00 = as fast as Telegram allows), measured in this run, with lost and duplicated messages counted.

    python -m bench.broadcast                      # 10,000 subscribers: about 334 s
    python -m bench.broadcast --subscribers 600    # a quick look: about 20 s
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import tempfile
import time
from pathlib import Path

import structlog
from sqlalchemy import insert

from bot.channels.telegram import TelegramChannel
from bot.sandbox.fake_telegram import SANDBOX_TELEGRAM_TOKEN, FakeTelegramApi
from bot.sandbox.serve import serve_app
from bot.sender import OutboxSender
from handlers.context import Services
from handlers.days import announce, plan_consultation_day
from handlers.language import SUPPORTED_LOCALES
from storage.db import Database
from storage.models import Contact
from storage.outbox import pending_count

TELEGRAM_PER_SECOND = 30
FIRST_CHAT_ID = 500_000_000


async def _seed(db: Database, fake: FakeTelegramApi, subscribers: int) -> None:
    now = dt.datetime.now(dt.UTC)
    rows = []
    for i in range(subscribers):
        chat_id = FIRST_CHAT_ID + i
        fake.add_chat(chat_id)
        rows.append(
            {
                "key": f"bench-{i}",
                "channel": "telegram",
                "platform_user_id": str(chat_id),
                "role": "migrant",
                "locale": SUPPORTED_LOCALES[i % len(SUPPORTED_LOCALES)],
                "consent": "given",
                "subscribed": True,
                "blocked": False,
                "created_at": now,
                "last_seen_at": now,
            }
        )
    async with db.transaction() as session:
        for start in range(0, len(rows), 2000):
            await session.execute(insert(Contact), rows[start : start + 2000])


async def run(subscribers: int, database_url: str | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(database_url or f"sqlite:///{Path(folder) / 'broadcast.db'}")
        await db.create_all()
        services = Services(pseudonym_key=b"bench" * 8)
        fake = FakeTelegramApi()
        await _seed(db, fake, subscribers)
        starts = dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
        day_id = await plan_consultation_day(
            db, title="Bench day", starts_at=starts, ends_at=starts + dt.timedelta(hours=6)
        )
        async with serve_app(fake) as url:
            channel = TelegramChannel(SANDBOX_TELEGRAM_TOKEN, "bench-secret", url)
            await channel.start()
            sender = OutboxSender(db, {"telegram": channel})
            began = time.perf_counter()
            queued = await announce(db, services, day_id)
            queued_after = time.perf_counter() - began
            task = asyncio.create_task(sender.run())
            try:
                while True:
                    async with db.transaction() as session:
                        if await pending_count(session) == 0:
                            break
                    await asyncio.sleep(0.5)
            finally:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
                await channel.stop()
            elapsed = time.perf_counter() - began
        await db.dispose()
    delivered = sum(len(messages) for messages in fake.delivered.values())
    reached = sum(1 for messages in fake.delivered.values() if messages)
    throttled = sum(1 for r in fake.requests if r.status == 429)
    minimum = subscribers / TELEGRAM_PER_SECOND
    return {
        "subscribers": subscribers,
        "queued": queued,
        "queue_seconds": queued_after,
        "seconds": elapsed,
        "minimum_seconds": minimum,
        "ratio": (delivered / elapsed) / TELEGRAM_PER_SECOND,
        "lost": subscribers - reached,
        "duplicates": delivered - reached,
        "throttled": throttled,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--database", help="a database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    # Retries on 429 are expected here and counted below; one log line each would drown the figures.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR))
    figures = asyncio.run(run(args.subscribers, args.database))
    print(f"subscribers            {figures['subscribers']:>10.0f}")
    print(f"notices queued         {figures['queued']:>10.0f}  in {figures['queue_seconds']:.2f} s")
    print(
        f"broadcast took         {figures['seconds']:>10.1f} s"
        f"  (Telegram's minimum: {figures['minimum_seconds']:.1f} s)"
    )
    print(f"rate / 30 per second   {figures['ratio']:>10.3f}  (target: at least 0.95)")
    print(f"lost                   {figures['lost']:>10.0f}")
    print(f"duplicated             {figures['duplicates']:>10.0f}")
    print(f"answered 429           {figures['throttled']:>10.0f}")


if __name__ == "__main__":
    main()
