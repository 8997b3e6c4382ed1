"""The inbox worker's CPU per event, alone: no HTTP, no sender, no other process competing for the database.

Run: python -m bench.worker [--users 200] [--events 3000] [--rounds 5] [--mix returning|first] [--configs sqlite,pg]
     [--profile OUT.prof]

People who wrote twice before (returning: the webhooks bench's returning-user mix) or who write for the first time
each send one LINE text; the events are kept in the inbox, then one `InboxWorker` (the real `dispatch`) processes
them, as `hotline serve` does. Reported: the worker's CPU time per event (process time, the best of the rounds and
their median), with the baseline of the same run: the same worker with a step that only replies (the inbox, the
event id, the contact, one outbox row), so that a slower machine shows in both. On a machine shared with other work
the CPU time per event is steadier than any rate.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import datetime as dt
import itertools
import json
import statistics
import tempfile
import time
from pathlib import Path

from bench.webhooks import database, user_id, webhook
from bot.channels.line_events import read_event
from handlers.context import Services, Turn
from handlers.dispatch import dispatch
from handlers.inbox import InboxWorker, Step
from handlers.messages import Inbound
from storage import inbox
from storage.db import Database
from storage.inbox import NewEvent


class LineEvents:
    """The LINE channel's reading of a kept event (the profile look-up is for follows only)."""

    async def read(self, channel: str, raw: str, received_at: dt.datetime) -> list[Inbound]:
        found = read_event(json.loads(raw), channel, received_at)
        return [found] if found is not None else []


async def reply_only(turn: Turn) -> None:
    turn.reply("Received.")


def events(users: list[str], count: int, prefix: str) -> list[NewEvent]:
    people = itertools.cycle(users)
    kept = []
    for number in range(count):
        user = next(people)
        raw = json.loads(webhook(user, f"{prefix}-{number}"))["events"][0]
        kept.append(NewEvent("line", raw["webhookEventId"], user, json.dumps(raw, ensure_ascii=False)))
    return kept


async def keep(db: Database, services: Services, new: list[NewEvent]) -> None:
    for start in range(0, len(new), 500):
        async with db.transaction() as session:
            await inbox.append(session, new[start : start + 500], services.clock())


async def drain(worker: InboxWorker) -> None:
    while await worker.drain_once():
        pass


async def measure(
    url: str, step: Step, args: argparse.Namespace, run: str, profile: cProfile.Profile | None = None
) -> list[float]:
    """CPU milliseconds per event, one figure per round."""
    db = Database(url)
    if db.is_sqlite:
        await db.create_all()
    services = Services(pseudonym_key=b"b" * 32)
    worker = InboxWorker(db, services, LineEvents(), step=step)
    if args.budget is not None:
        worker.budget = args.budget
    users = [user_id(i, run) for i in range(args.users)]
    figures = []
    try:
        if args.mix == "returning":
            await keep(db, services, events(users, 2 * len(users), f"warm-{run}"))
            await drain(worker)
        for round_ in range(args.rounds):
            if args.mix == "first":
                users = [user_id(i, f"{run}-{round_}") for i in range(args.events)]
            await keep(db, services, events(users, args.events, f"{run}-{round_}"))
            if profile is not None:
                profile.enable()
            began = time.process_time()
            await drain(worker)
            figures.append((time.process_time() - began) * 1000 / args.events)
            if profile is not None:
                profile.disable()
    finally:
        await db.dispose()
    return figures


def report(name: str, figures: list[float], baseline: list[float] | None = None) -> None:
    best, median = min(figures), statistics.median(figures)
    ratio = f" ({median / statistics.median(baseline):.1f} x baseline)" if baseline else ""
    print(f"{name:<34} CPU per event: best {best:.3f} ms, median {median:.3f} ms{ratio}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--mix", choices=("returning", "first"), default="returning")
    parser.add_argument("--configs", default="sqlite", help="comma-separated: sqlite, pg (a fresh database each)")
    parser.add_argument("--budget", type=float, help="seconds of processing per transaction (default: the worker's)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the dispatch rounds here")
    args = parser.parse_args()

    def run_with(kind: str, step: Step, run: str, profile: cProfile.Profile | None = None) -> list[float]:
        with tempfile.TemporaryDirectory() as folder, database(kind, Path(folder)) as url:
            return asyncio.run(measure(url, step, args, run, profile))

    profile = cProfile.Profile() if args.profile else None
    for kind in args.configs.split(","):
        kind = "postgresql" if kind == "pg" else kind
        print(f"worker on {kind}, {args.mix} users, {args.events} events a round, {args.rounds} rounds", flush=True)
        baseline = run_with(kind, reply_only, f"bare-{time.time_ns()}")
        report("baseline (a step that only replies)", baseline)
        hotline = run_with(kind, dispatch, f"hotline-{time.time_ns()}", profile)
        report("hotline (dispatch)", hotline, baseline)
    if profile is not None and args.profile is not None:
        profile.dump_stats(args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
