"""A report over a generated analytic log of 1,000,000 cases: target under 5 seconds, no small cell published.

Run: python -m bench.report [--cases N] [--k K]

Rows are generated with a seeded generator and written straight into a SQLite file with executemany (generation
is not what we measure). The baseline, measured in the same run, is a bare `SELECT count(*)` scan of the table,
so the figure "report / scan" says how much the grouping and suppression cost on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from storage.db import Database
from storage.exports import build_report

TARGET_SECONDS = 5.0
TABLES = (("topic",), ("policy_field", "hub"), ("language", "region", "month"), ("aid_category", "month"))
TOPICS = ("work", "visa", "housing", "medical", "money", "family", "school", "violence", "other")
LANGUAGES = ("vi", "en", "tl", "pt", "es", "id", "ne", "my", "km", "zh", "ko", "ja_easy")
HUBS = ("hokkaido", "tohoku", "north_kanto", "tokyo", "chubu", "kansai", "kyushu")
FIELDS = ("trainees", "labour", "immigration", "refugees", "welfare", "children", "women")
AID = (("shelter", 373), ("food", 269), ("medical", 144), ("utilities", 113), ("return", 40), ("school", 30))


def generate(path: Path, cases: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    months = [f"{y}-{m:02d}" for y in (2023, 2024, 2025) for m in range(1, 13)]
    aid_names = [a for a, _ in AID]
    aid_weights = [w for _, w in AID]
    # Skewed draws, like real data: a few languages and prefectures dominate, so small cells occur.
    lang_w = [1 / (i + 1) ** 1.3 for i in range(len(LANGUAGES))]
    pref_w = [1 / (1 + abs(p - 9)) ** 1.1 for p in range(1, 48)]
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA synchronous=OFF")  # a throwaway file: durability is not the point here
    with connection:
        batch: list[tuple[object, ...]] = []
        for i in range(cases):
            aid = rng.random() < 0.03
            fields = rng.sample(FIELDS, 2 if rng.random() < 0.15 else 1)
            batch.append(
                (
                    f"{i:064x}",
                    f"{rng.getrandbits(128):032x}",
                    1,
                    "line" if rng.random() < 0.7 else "telegram",
                    rng.choices(LANGUAGES, lang_w)[0],
                    rng.choice(HUBS),
                    rng.choices(range(1, 48), pref_w)[0],
                    rng.choice(months),
                    rng.choice(TOPICS),
                    rng.random() < 0.1,
                    json.dumps(fields),
                    '["advice"]',
                    rng.choices(aid_names, aid_weights)[0] if aid else None,
                    rng.randint(3_000, 80_000) if aid else None,
                    "{}",
                    True,
                    "2025-01-01 00:00:00.000000",
                )
            )
            if len(batch) == 50_000:
                _insert(connection, batch)
                batch.clear()
        _insert(connection, batch)
    connection.close()


def _insert(connection: sqlite3.Connection, rows: list[tuple[object, ...]]) -> None:
    connection.executemany(
        "INSERT INTO analytic_cases (case_ref, person, key_version, channel, language, hub, prefecture, month, "
        "topic, urgent, policy_fields, actions, aid_category, aid_yen, media, consented, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


async def run(cases: int, k: int) -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        db = Database(f"sqlite:///{path}")
        await db.create_all()
        started = time.perf_counter()
        generate(path, cases)
        print(f"generated {cases:,} cases in {time.perf_counter() - started:.1f} s (not measured)")
        started = time.perf_counter()
        async with db.engine.connect() as conn:
            scanned = (await conn.execute(text("SELECT count(*) FROM analytic_cases"))).scalar_one()
        baseline = time.perf_counter() - started
        assert scanned == cases
        failures = 0
        for dims in TABLES:
            started = time.perf_counter()
            report = await build_report(db, dims, k=k)
            elapsed = time.perf_counter() - started
            small = [n for n in report.published_counts() if 0 < n < k]
            hidden = sum(1 for c in report.cells if c.count is None)
            verdict = "ok" if elapsed < TARGET_SECONDS and not small else "FAIL"
            failures += verdict != "ok"
            print(
                f"report by {' × '.join(dims):<32} {elapsed:6.2f} s  = {elapsed / baseline:6.1f} × scan  "
                f"cells {len(report.cells):>5}, hidden {hidden:>4}, published 1..{k - 1}: {len(small)}  {verdict}"
            )
        print(f"baseline: count(*) over {cases:,} rows in {baseline:.3f} s; target per report {TARGET_SECONDS} s")
        await db.dispose()
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()
    raise SystemExit(1 if asyncio.run(run(args.cases, args.k)) else 0)


if __name__ == "__main__":
    main()
