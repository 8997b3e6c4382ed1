"""The outbox sender's CPU per delivered reply, alone: no webhooks, no workers, a fast fake LINE API.

Run: python -m bench.sender [--replies 2000] [--rounds 5] [--batch 0] [--configs sqlite,pg] [--profile OUT.prof]

N people each have one interactive reply queued (a fresh reply token, the text of the hotline's acknowledgement);
the real `OutboxSender.run()` with the real `LineChannel` (line-bot-sdk's aiohttp client) sends them to
bench.fast_line in another process, as `hotline serve` does. With `--batch K` the replies are queued K at a time
every 20 ms, as the inbox workers queue them under load (small claims); the queueing's own CPU is measured in the
same run without a sender and taken off. Reported: the process's CPU time per delivered reply (best of the rounds
and their median), beside a baseline of the same run: the same requests as plain aiohttp POSTs of ready-made bodies
to the same fake, as many at once as the sender sends (the floor of any sender written with aiohttp).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import datetime as dt
import json
import secrets
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import delete, event, insert

from bench.webhooks import ACCESS_TOKEN, SECRET, FastLineProcess, cores, database, user_id
from bot.channels.line import LineChannel
from bot.sender import OutboxSender
from storage.db import Database
from storage.models import Contact, OutboxMessage
from storage.outbox import outbox_row, pending_count

REPLY = {"text": "Received. A volunteer will answer you here as soon as possible."}
CONCURRENCY = 64  # the sender's interactive requests under way at once per channel
SENDER_OPTIONS: dict[
    str, Any
] = {}  # for trying settings: python -c "import bench.sender as b; b.SENDER_OPTIONS[...] = ...; b.main()"


async def contacts(db: Database, people: int, run: str) -> list[int]:
    now = dt.datetime.now(dt.UTC)
    rows = [
        {
            "key": f"bench-{run}-{i}",
            "channel": "line",
            "platform_user_id": user_id(i, run),
            "role": "migrant",
            "locale": "en",
            "consent": "given",
            "subscribed": False,
            "blocked": False,
            "created_at": now,
            "last_seen_at": now,
        }
        for i in range(people)
    ]
    async with db.transaction() as session:
        result = await session.execute(insert(Contact).returning(Contact.id), rows)
        return list(result.scalars().all())


def replies(ids: list[int]) -> list[dict[str, Any]]:
    now = dt.datetime.now(dt.UTC)
    expires = now + dt.timedelta(minutes=1)
    return [outbox_row(i, REPLY, now, reply_token=secrets.token_hex(16), reply_token_expires_at=expires) for i in ids]


async def queue(db: Database, rows: list[dict[str, Any]]) -> None:
    async with db.transaction() as session:
        await session.execute(insert(OutboxMessage), rows)


async def feed(db: Database, ids: list[int], batch: int, sender: OutboxSender | None) -> None:
    """Queue the replies `batch` at a time every 20 ms (all at once when `batch` is 0), poking the sender."""
    step = batch or len(ids)
    for start in range(0, len(ids), step):
        await queue(db, replies(ids[start : start + step]))
        if sender is not None:
            sender.poke()
        if start + step < len(ids):
            await asyncio.sleep(0.02)


async def drained(db: Database) -> None:
    while True:
        async with db.read() as session:
            if await pending_count(session) == 0:
                return
        await asyncio.sleep(0.02)


async def measure_sender(
    url: str, line_url: str, args: argparse.Namespace, profile: cProfile.Profile | None
) -> list[float]:
    """CPU milliseconds per reply, one figure per round (the queueing's own CPU taken off)."""
    db = Database(url)
    if db.is_sqlite:
        await db.create_all()
    channel = LineChannel(SECRET, ACCESS_TOKEN, line_url)
    await channel.start()
    figures = []
    counts = {"statements": 0, "transactions": 0}

    def statement(*_: Any) -> None:
        counts["statements"] += 1

    def transaction(*_: Any) -> None:
        counts["transactions"] += 1

    event.listen(db.engine.sync_engine, "before_cursor_execute", statement)
    event.listen(db.engine.sync_engine, "commit", transaction)
    try:
        ids = await contacts(db, args.replies, f"sender-{time.time_ns()}")
        for round_ in range(args.rounds + 1):  # the first round warms up (connections, caches)
            began = time.process_time()
            await feed(db, ids, args.batch, None)
            feeding = time.process_time() - began
            async with db.transaction() as session:  # the rows fed alone go: only the feeding was measured
                await session.execute(delete(OutboxMessage))
            sender = OutboxSender(db, {"line": channel}, **SENDER_OPTIONS)
            if profile is not None and round_:
                profile.enable()
            before = dict(counts)
            began = time.process_time()
            task = asyncio.create_task(sender.run())
            await feed(db, ids, args.batch, sender)
            await drained(db)
            spent = time.process_time() - began
            if profile is not None and round_:
                profile.disable()
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            if round_ == args.rounds:  # deterministic beside the noisy CPU figure (the drain's polls included)
                per = {name: (counts[name] - before[name]) / len(ids) for name in counts}
                print(f"  per reply: {per['statements']:.2f} statements, {per['transactions']:.2f} transactions")
            if round_:
                figures.append((spent - feeding) * 1000 / len(ids))
    finally:
        await channel.stop()
        await db.dispose()
    return figures


async def measure_raw(line_url: str, args: argparse.Namespace) -> list[float]:
    """Plain aiohttp POSTs of ready-made JSON bodies, CONCURRENCY at a time: CPU milliseconds per request."""
    headers = {"Authorization": f"Bearer {ACCESS_TOKEN}", "Content-Type": "application/json"}
    figures = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONCURRENCY + 8)) as session:
        limit = asyncio.Semaphore(CONCURRENCY)

        async def post(body: bytes) -> None:
            async with limit, session.post(line_url + "/v2/bot/message/reply", data=body, headers=headers) as r:
                await r.read()

        for round_ in range(args.rounds + 1):
            bodies = [
                json.dumps({"replyToken": secrets.token_hex(16), "messages": [{"type": "text", **REPLY}]}).encode()
                for _ in range(args.replies)
            ]
            began = time.process_time()
            await asyncio.gather(*(post(body) for body in bodies))
            if round_:
                figures.append((time.process_time() - began) * 1000 / args.replies)
    return figures


def report(name: str, figures: list[float], baseline: list[float] | None = None) -> None:
    best, median = min(figures), statistics.median(figures)
    ratio = f" ({median / statistics.median(baseline):.1f} x baseline)" if baseline else ""
    print(f"{name:<40} CPU per reply: best {best:.3f} ms, median {median:.3f} ms{ratio}", flush=True)


def run(coroutine: Any) -> Any:
    """On uvloop, as `hotline serve` runs."""
    import uvloop

    return uvloop.run(coroutine)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replies", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=0, help="queue this many every 20 ms (0: all at once)")
    parser.add_argument("--configs", default="sqlite", help="comma-separated: sqlite, pg (a fresh database each)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the sender's rounds here")
    args = parser.parse_args()
    profile = cProfile.Profile(time.process_time) if args.profile else None
    _, other_core = cores()
    fake = FastLineProcess(other_core)
    try:
        queued = f"{args.batch} every 20 ms" if args.batch else "all at once"
        print(f"sender: {args.replies} replies to {args.replies} people ({queued}), {args.rounds} rounds", flush=True)
        baseline = run(measure_raw(fake.url, args))
        report("baseline (plain aiohttp POSTs)", baseline)
        for kind in args.configs.split(","):
            kind = "postgresql" if kind == "pg" else kind
            with tempfile.TemporaryDirectory() as folder, database(kind, Path(folder)) as url:
                figures = run(measure_sender(url, fake.url, args, profile))
            report(f"sender on {kind}", figures, baseline)
    finally:
        fake.stop()
    if profile is not None and args.profile is not None:
        profile.dump_stats(args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
