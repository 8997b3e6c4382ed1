"""When timers fire: APScheduler date jobs built from the `timers` table, which stays the only truth.

At start-up every unfired timer becomes one date job; a poll every few seconds picks up timers other
processes added (and `notify` lets this process add its own at once). A job only calls the injected
`fire(timer_id)`, which claims the timer with a compare-and-set, so a job that runs twice, or in two
processes, still has its effect once. APScheduler's own job stores are not used: after a crash, the table
rebuilds everything.

With several processes one leader runs the jobs: on PostgreSQL the holder of an advisory lock, kept on a
dedicated connection so it ends with the process; SQLite serves one process, which is always the leader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterator, Mapping
from typing import Any, Protocol, TypeVar

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database
from storage.models import Timer
from storage.states import TimerKind

log = structlog.get_logger(__name__)

Fire = Callable[[int], Awaitable[object]]
Clock = Callable[[], dt.datetime]

# An arbitrary constant that names "the hotline's timer leader" among advisory locks.
LEADER_LOCK_KEY = 0x686F746C696E65  # "hotline"
_POLL_JOB = "hotline:poll"
_MAX_RETRY_DELAY = dt.timedelta(minutes=5)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


Effect = TypeVar("Effect")


class DuplicateTimerKind(ValueError):
    """Two effects were registered for one timer kind; the second would silently replace the first."""


class TimerRegistry(Mapping[TimerKind, Effect]):
    """What each kind of timer does when it fires: exactly one effect per kind, refused twice."""

    def __init__(self) -> None:
        self._effects: dict[TimerKind, Effect] = {}

    def register(self, kind: TimerKind, effect: Effect) -> None:
        """Raises `DuplicateTimerKind` if `kind` already has an effect."""
        if kind in self._effects:
            raise DuplicateTimerKind(f"timer kind {kind!r} already has an effect: {self._effects[kind]!r}")
        self._effects[TimerKind(kind)] = effect

    def register_all(self, effects: Mapping[TimerKind, Effect]) -> None:
        for kind, effect in effects.items():
            self.register(kind, effect)

    def __getitem__(self, kind: TimerKind) -> Effect:
        return self._effects[kind]

    def __iter__(self) -> Iterator[TimerKind]:
        return iter(self._effects)

    def __len__(self) -> int:
        return len(self._effects)


class Leadership(Protocol):
    """Decides which process runs the timers. `acquire` may be called again and again until it succeeds."""

    async def acquire(self) -> bool: ...

    async def release(self) -> None: ...


class SingleProcessLeadership:
    """SQLite: one process owns the database file, so it always leads."""

    async def acquire(self) -> bool:
        return True

    async def release(self) -> None:
        return None


class AdvisoryLockLeadership:
    """PostgreSQL: whoever holds `pg_try_advisory_lock(key)` leads; the lock ends with its connection."""

    def __init__(self, db: Database, key: int = LEADER_LOCK_KEY) -> None:
        self._db = db
        self._key = key
        self._conn: AsyncConnection | None = None

    async def acquire(self) -> bool:
        if self._conn is not None:
            return True
        conn = await self._db.engine.connect()
        try:
            got = bool(await conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}))
            await conn.commit()  # a session-level lock outlives the transaction; do not sit idle in one
        except BaseException:
            await conn.close()
            raise
        if not got:
            await conn.close()
            return False
        self._conn = conn
        return True

    async def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            await conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self._key})
            await conn.commit()
        finally:
            await conn.close()


def leadership_for(db: Database) -> Leadership:
    return SingleProcessLeadership() if db.is_sqlite else AdvisoryLockLeadership(db)


class TimerRunner:
    """Runs `fire(timer_id)` for each timer in the table when it comes due.

    `clock` is the application's notion of now (the one `fire` compares `due_at` with); jobs are set at
    the real moment that is `due_at - clock()` from now, so both agree on how long to wait.
    """

    def __init__(
        self,
        db: Database,
        fire: Fire,
        *,
        poll_interval: float = 3.0,
        clock: Clock = _utcnow,
        leadership: Leadership | None = None,
    ) -> None:
        self._db = db
        self._fire = fire
        self._poll_interval = poll_interval
        self._clock = clock
        self._leadership = leadership or leadership_for(db)
        self._scheduler = AsyncIOScheduler(timezone=dt.UTC)
        self._scheduled: dict[int, dt.datetime] = {}  # timer id -> due_at it was scheduled for
        self._failures: dict[int, int] = {}
        self.is_leader = False
        self.fired = 0

    @property
    def scheduled(self) -> frozenset[int]:
        """Timer ids with a job waiting in this process."""
        return frozenset(self._scheduled)

    async def start(self) -> None:
        """Start polling; once this process leads, load every unfired timer. Needs a running event loop."""
        self._scheduler.start()
        self._scheduler.add_job(
            self.poll,
            IntervalTrigger(seconds=self._poll_interval, timezone=dt.UTC),
            id=_POLL_JOB,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
        )
        await self.poll()

    async def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._scheduled.clear()
        if self.is_leader:
            self.is_leader = False
            await self._leadership.release()

    async def poll(self) -> int:
        """Add a job for every unfired timer that has none; drop jobs whose timer fired elsewhere.

        Returns how many jobs were added. A follower only tries to become the leader.
        """
        if not self.is_leader:
            self.is_leader = await self._leadership.acquire()
            if not self.is_leader:
                return 0
            log.info("timer leader")
        async with self._db.transaction() as session:
            rows = (await session.execute(select(Timer.id, Timer.due_at).where(Timer.fired_at.is_(None)))).all()
        unfired = {timer_id: due_at for timer_id, due_at in rows}
        for timer_id in set(self._scheduled) - set(unfired):
            self._forget(timer_id)
        added = 0
        for timer_id, due_at in unfired.items():
            if self._scheduled.get(timer_id) != due_at:
                self._add(timer_id, due_at)
                added += 1
        return added

    def notify(self, timer_id: int, due_at: dt.datetime) -> None:
        """This process just committed a timer: schedule it now instead of at the next poll."""
        if self.is_leader and self._scheduled.get(timer_id) != due_at:
            self._add(timer_id, due_at)

    def _add(self, timer_id: int, due_at: dt.datetime, delay: dt.timedelta = dt.timedelta(0)) -> None:
        wait = max(due_at - self._clock(), delay, dt.timedelta(0))
        self._scheduled[timer_id] = due_at
        self._scheduler.add_job(
            self._run,
            DateTrigger(run_date=_utcnow() + wait, timezone=dt.UTC),
            args=[timer_id],
            id=_job_id(timer_id),
            replace_existing=True,
            misfire_grace_time=None,  # late is better than never: a job that missed its moment still runs
            coalesce=True,
        )

    def _forget(self, timer_id: int) -> None:
        self._scheduled.pop(timer_id, None)
        self._failures.pop(timer_id, None)
        job: Any = self._scheduler.get_job(_job_id(timer_id))
        if job is not None:
            job.remove()

    async def _run(self, timer_id: int) -> None:
        due_at = self._scheduled.get(timer_id)
        try:
            fired = await self._fire(timer_id)
        except Exception:
            failures = self._failures[timer_id] = self._failures.get(timer_id, 0) + 1
            delay = min(dt.timedelta(seconds=self._poll_interval * 2**failures), _MAX_RETRY_DELAY)
            log.exception("timer failed; will retry", timer_id=timer_id, failures=failures)
            if due_at is not None and timer_id in self._scheduled:
                self._add(timer_id, due_at, delay)
            return
        self._failures.pop(timer_id, None)
        if fired:
            self.fired += 1
        # Fired, or not due after all, or claimed elsewhere: the next poll re-adds it only if still unfired.
        if self._scheduled.get(timer_id) == due_at:
            self._scheduled.pop(timer_id, None)


def _job_id(timer_id: int) -> str:
    return f"timer:{timer_id}"
