"""What a Prometheus scrape of /metrics costs on a busy day's database, against /healthz in the same run.

Run: python -m bench.metrics [--cases N] [--scrapes S]

The database holds N cases submitted over the last 30 days (each with a first reply), N/2 outbox rows (a fifth of
them pending) and N/10 pending offers; it is written with the ORM once (not measured). Then the app is served on
loopback and both endpoints are fetched S times each, alternately: the figure "metrics / healthz" says how much
reading the gauges adds to a request that already touches the database. Prometheus scrapes every 15 s or so: a
scrape must stay far below that.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from bot.app import create_app
from bot.sandbox.hotline import sandbox_settings
from bot.sandbox.serve import serve_app
from handlers.context import Services
from storage.contacts import find_or_create_contact
from storage.db import Database
from storage.models import Case, Offer, Supporter
from storage.outbox import enqueue

KEY = b"k" * 32


async def seed(db: Database, cases: int, now: dt.datetime) -> None:
    async with db.transaction() as session:
        supporter = Supporter(alias="bench", languages={"vi": 3}, hubs=["north_kanto"])
        session.add(supporter)
        contact, _ = await find_or_create_contact(session, KEY, "line", "U" + "0" * 32, now)
        await session.flush()
        for i in range(cases):
            created = now - dt.timedelta(minutes=i * 43_200 // max(cases, 1))
            session.add(
                Case(number=f"B-{i}", channel="line", language="vi", status="active", created_at=created,
                     first_response_at=created + dt.timedelta(seconds=30 + i % 7_200))
            )  # fmt: skip
            if i % 2 == 0:
                row = enqueue(session, contact.id, {"text": "x"}, now)
                if i % 10:
                    row.status, row.sent_at = "sent", now
        await session.flush()
        case_ids = (await session.scalars(Case.__table__.select().with_only_columns(Case.id).limit(cases // 10))).all()
        for case_id in case_ids:
            session.add(Offer(case_id=case_id, supporter_id=supporter.id, expires_at=now + dt.timedelta(minutes=10)))


async def run(cases: int, scrapes: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        await db.create_all()
        now = dt.datetime.now(dt.UTC)
        await seed(db, cases, now)
        settings = sandbox_settings(
            "http://127.0.0.1:9", "http://127.0.0.1:9", pseudonym_key="bench-pseudonym-key-0123456789"
        )
        app = create_app(settings, db=db, services=Services(pseudonym_key=KEY), channels={}, run_sender=False)
        timings: dict[str, list[float]] = {"/healthz": [], "/metrics": []}
        async with serve_app(app) as url, httpx.AsyncClient(base_url=url) as client:
            for path in timings:  # warm up
                (await client.get(path)).raise_for_status()
            for _ in range(scrapes):
                for path, samples in timings.items():
                    started = time.perf_counter()
                    (await client.get(path)).raise_for_status()
                    samples.append(time.perf_counter() - started)
        await db.dispose()
    health, metrics = (statistics.median(timings[p]) * 1000 for p in ("/healthz", "/metrics"))
    print(f"cases {cases}, scrapes {scrapes}, SQLite")
    print(f"  /healthz median {health:.2f} ms (baseline)")
    print(f"  /metrics median {metrics:.2f} ms, p max {max(timings['/metrics']) * 1000:.2f} ms")
    print(f"  metrics / healthz = {metrics / health:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--scrapes", type=int, default=50)
    args = parser.parse_args()
    asyncio.run(run(args.cases, args.scrapes))


if __name__ == "__main__":
    main()
