"""The daily retention job: a timer of kind "retention" that runs the policy and books tomorrow's run."""

from __future__ import annotations

import datetime as dt

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.context import Turn
from storage.models import Timer
from storage.retention import RetentionPolicy, enforce_retention
from storage.states import TimerKind
from storage.timers import pending_timer

log = structlog.get_logger(__name__)

TOKYO = dt.timezone(dt.timedelta(hours=9))
RUN_AT = dt.time(3, 0)  # a quiet hour in Japan


def next_run(after: dt.datetime) -> dt.datetime:
    """The next 03:00 in Tokyo strictly after `after`, in UTC."""
    local = after.astimezone(TOKYO)
    run = dt.datetime.combine(local.date(), RUN_AT, tzinfo=TOKYO)
    if run <= local:
        run += dt.timedelta(days=1)
    return run.astimezone(dt.UTC)


async def schedule_retention(session: AsyncSession, now: dt.datetime, policy: RetentionPolicy | None = None) -> Timer:
    """Make sure a retention run is booked (call at start-up); the policy travels in the timer's payload."""
    pending = await pending_timer(session, TimerKind.RETENTION)
    if pending is not None:
        if policy is not None:
            pending.payload = policy.to_json()
        return pending
    due = next_run(now)
    timer = Timer(
        kind=TimerKind.RETENTION,
        ref=f"day:{due.astimezone(TOKYO).date().isoformat()}",
        due_at=due,
        payload=(policy or RetentionPolicy()).to_json(),
    )
    session.add(timer)
    await session.flush()
    return timer


async def run_retention(turn: Turn, timer: Timer) -> None:
    policy = RetentionPolicy.from_json(timer.payload or {})
    report = await enforce_retention(turn.session, turn.now, policy)
    log.info(
        "retention ran",
        case_messages=report.case_messages,
        questions=report.questions,
        outbox_messages=report.outbox_messages,
        platform_ids=report.platform_ids,
        analytic_rows=report.analytic_rows,
    )
    await schedule_retention(turn.session, turn.now, policy)
