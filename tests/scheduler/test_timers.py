"""The timer runner: jobs rebuilt from the table, new timers picked up, one leader, and a killed process."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from handlers import offers
from handlers.context import Services, Turn
from scheduler.timers import AdvisoryLockLeadership, TimerRunner
from storage.db import Database
from storage.models import Case, Contact, Offer, OutboxMessage, Timer
from storage.supporters import add_supporter
from tests.conftest import TEST_KEY

ROOT = Path(__file__).resolve().parents[2]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Recorder:
    """A fire callback that claims like the real one: a timer is fired at most once, by the table."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.fired: list[int] = []

    async def __call__(self, timer_id: int) -> bool:
        async with self.db.transaction() as session:
            timer = await session.get(Timer, timer_id)
            if timer is None or timer.fired_at is not None or timer.due_at > _now():
                return False
            timer.fired_at = _now()
        self.fired.append(timer_id)
        return True


async def _add_timer(db: Database, ref: str, due_in: float) -> int:
    async with db.transaction() as session:
        timer = Timer(kind="test", ref=ref, due_at=_now() + dt.timedelta(seconds=due_in), payload={})
        session.add(timer)
        await session.flush()
        return timer.id


async def _until(check: Callable[[], Awaitable[bool]] | Callable[[], bool], within: float = 10.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        result = check()
        if isinstance(result, Awaitable):
            result = await result
        if result:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached in time")


@pytest.fixture
async def runner_parts(db: Database) -> AsyncIterator[tuple[Database, Recorder, list[TimerRunner]]]:
    runners: list[TimerRunner] = []
    yield db, Recorder(db), runners
    for runner in runners:
        await runner.stop()


async def test_timers_in_the_table_at_start_up_fire_once_each(runner_parts) -> None:  # type: ignore[no-untyped-def]
    db, recorder, runners = runner_parts
    overdue = await _add_timer(db, "a", -60)  # came due while no process ran
    soon = await _add_timer(db, "b", 0.3)
    later = await _add_timer(db, "c", 3600)
    runner = TimerRunner(db, recorder, poll_interval=0.2)
    runners.append(runner)
    await runner.start()
    await _until(lambda: len(recorder.fired) == 2)
    await asyncio.sleep(0.5)  # a few polls more: nothing fires again
    assert sorted(recorder.fired) == sorted([overdue, soon])
    assert later in runner.scheduled


async def test_a_timer_added_by_another_process_is_picked_up_by_the_poll(runner_parts) -> None:  # type: ignore[no-untyped-def]
    db, recorder, runners = runner_parts
    runner = TimerRunner(db, recorder, poll_interval=0.2)
    runners.append(runner)
    await runner.start()
    timer_id = await _add_timer(db, "elsewhere", 0.1)
    await _until(lambda: recorder.fired == [timer_id])


async def test_a_timer_cancelled_elsewhere_loses_its_job(runner_parts) -> None:  # type: ignore[no-untyped-def]
    db, recorder, runners = runner_parts
    timer_id = await _add_timer(db, "cancel-me", 3600)
    runner = TimerRunner(db, recorder, poll_interval=0.2)
    runners.append(runner)
    await runner.start()
    assert timer_id in runner.scheduled
    async with db.transaction() as session:
        timer = await session.get(Timer, timer_id)
        assert timer is not None
        timer.fired_at = _now()
    await _until(lambda: timer_id not in runner.scheduled)


async def test_a_failing_timer_is_retried_until_it_succeeds(runner_parts) -> None:  # type: ignore[no-untyped-def]
    db, recorder, runners = runner_parts
    attempts: list[int] = []

    async def flaky(timer_id: int) -> bool:
        attempts.append(timer_id)
        if len(attempts) < 2:
            raise RuntimeError("database went away")
        return await recorder(timer_id)

    timer_id = await _add_timer(db, "flaky", 0)
    runner = TimerRunner(db, flaky, poll_interval=0.1)
    runners.append(runner)
    await runner.start()
    await _until(lambda: recorder.fired == [timer_id])
    assert len(attempts) == 2


@pytest.mark.postgres
async def test_only_the_advisory_lock_holder_fires_and_another_takes_over(  # type: ignore[no-untyped-def]
    runner_parts,
) -> None:
    db, recorder, runners = runner_parts
    if db.is_sqlite:
        pytest.skip("leadership by advisory lock is a PostgreSQL matter")
    first = TimerRunner(db, recorder, poll_interval=0.2, leadership=AdvisoryLockLeadership(db))
    second = TimerRunner(db, recorder, poll_interval=0.2, leadership=AdvisoryLockLeadership(db))
    runners += [first, second]
    await first.start()
    await second.start()
    assert first.is_leader
    assert not second.is_leader
    timer_id = await _add_timer(db, "led", 0.1)
    await _until(lambda: recorder.fired == [timer_id])
    assert second.fired == 0
    await first.stop()
    after = await _add_timer(db, "after", 0.1)
    await _until(lambda: recorder.fired == [timer_id, after])
    assert second.is_leader


# --- a process killed in the middle of an offer ---------------------------------------------------------

# The scheduler process as the composition root would run it; the offer timeout it uses for new offers is
# long, so the only expiry that can happen during the test is the one of the offer made before the kill.
_SCHEDULER_PROCESS = """
import asyncio, datetime as dt, sys
from handlers.context import Services
from handlers.timers import fire_timer
from scheduler.timers import TimerRunner
from storage.db import Database

async def main() -> None:
    db = Database(sys.argv[1])
    services = Services(pseudonym_key=b"k" * 32, offer_timeout=dt.timedelta(hours=5))
    runner = TimerRunner(db, lambda timer_id: fire_timer(db, services, timer_id), poll_interval=0.2)
    await runner.start()
    print("started", sorted(runner.scheduled), flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
"""


def _start_scheduler(url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(  # noqa: S603 - our own interpreter running our own code
        [sys.executable, "-c", _SCHEDULER_PROCESS, url],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_started(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:  # log lines may come first
        if line.startswith("started"):
            return
    raise AssertionError(f"the scheduler process did not start: {process.communicate()[1]}")


async def test_a_killed_scheduler_loses_no_offer_timeout_and_fires_none_twice(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/hotline.db"
    db = Database(url)
    await db.create_all()
    services = Services(pseudonym_key=TEST_KEY, clock=_now, offer_timeout=dt.timedelta(seconds=2))
    async with db.transaction() as session:
        first = await add_supporter(
            session,
            TEST_KEY,
            channel="telegram",
            address="tg-a",
            alias="A",
            languages={"km": 3},
            hubs=["north_kanto"],
        )
        second = await add_supporter(
            session,
            TEST_KEY,
            channel="telegram",
            address="tg-b",
            alias="B",
            languages={"km": 3},
            hubs=["capital"],
        )
    process = _start_scheduler(url)
    try:
        _wait_started(process)
        async with db.transaction() as session:
            migrant = Contact(key="m", channel="line", platform_user_id="U1", locale="km")
            session.add(migrant)
            await session.flush()
            case = Case(number="KM-2345", contact_id=migrant.id, channel="line", language="km", hub="north_kanto")
            session.add(case)
            await session.flush()
            turn = Turn(session=session, services=services, contact=migrant, now=_now())
            await offers.route_case(turn, case)
        await asyncio.sleep(0.8)  # the running scheduler has polled and holds a job for the offer
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=10)
    await asyncio.sleep(2.0)  # the offer's time runs out while no scheduler runs

    async def offers_by_status() -> dict[str, list[int]]:
        async with db.transaction() as session:
            rows = (await session.execute(select(Offer.status, Offer.supporter_id).order_by(Offer.id))).all()
        result: dict[str, list[int]] = {}
        for status, supporter_id in rows:
            result.setdefault(status, []).append(supporter_id)
        return result

    assert await offers_by_status() == {"pending": [first.id]}
    restarted = _start_scheduler(url)
    try:

        async def moved_on() -> bool:
            return (await offers_by_status()).get("pending") == [second.id]

        await _until(moved_on)
        await asyncio.sleep(1.0)  # several polls later, still exactly one expiry and one new offer
        assert await offers_by_status() == {"expired": [first.id], "pending": [second.id]}
        async with db.transaction() as session:
            fired = await session.scalar(
                select(func.count())
                .select_from(Timer)
                .where(Timer.kind == "offer_timeout", Timer.fired_at.is_not(None))
            )
            told = await session.scalar(select(func.count()).select_from(OutboxMessage))
        assert fired == 1
        assert told == 3  # offer to A, "time has passed" to A, offer to B
    finally:
        restarted.send_signal(signal.SIGKILL)
        restarted.communicate(timeout=10)
        await db.dispose()
