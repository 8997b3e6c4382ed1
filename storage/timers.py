"""Timer rows: the one way to arm, re-arm and cancel a moment something must happen.

There is one timer per (kind, ref), enforced by a unique constraint; `ref` names the thing it is about
("offer:12", "case:3"), see `ref`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Timer
from storage.states import TimerKind


def ref(thing: str, thing_id: int | str) -> str:
    """The reference a timer carries to what it is about, e.g. `ref("offer", 12)` -> "offer:12"."""
    return f"{thing}:{thing_id}"


def ref_id(timer: Timer) -> int:
    """The id in a timer's reference ("offer:12" -> 12)."""
    return int(timer.ref.rsplit(":", 1)[1])


async def arm(
    session: AsyncSession,
    kind: TimerKind,
    ref: str,
    due_at: dt.datetime,
    payload: dict[str, Any] | None = None,
) -> Timer:
    """Set the (kind, ref) timer to fire at `due_at`: create it, or move it and arm it again if it fired."""
    timer = await session.scalar(select(Timer).where(Timer.kind == kind, Timer.ref == ref))
    if timer is None:
        timer = Timer(kind=kind, ref=ref, due_at=due_at, payload=payload or {})
        session.add(timer)
        await session.flush()
    else:
        timer.due_at, timer.fired_at = due_at, None
        if payload is not None:
            timer.payload = payload
    return timer


async def cancel(session: AsyncSession, kind: TimerKind, ref: str, now: dt.datetime) -> None:
    """The (kind, ref) timer will not fire (it is marked fired now); nothing happens if it already fired."""
    await session.execute(
        update(Timer).where(Timer.kind == kind, Timer.ref == ref, Timer.fired_at.is_(None)).values(fired_at=now)
    )


async def pending_timer(session: AsyncSession, kind: TimerKind) -> Timer | None:
    """An unfired timer of this kind, if there is one (for kinds that exist once, like retention)."""
    return await session.scalar(select(Timer).where(Timer.kind == kind, Timer.fired_at.is_(None)).limit(1))


async def claim_due(session: AsyncSession, timer_id: int, now: dt.datetime) -> Timer | None:
    """Mark the timer fired if it is due and unfired (a compare-and-set) and return it; None if it was not due,
    already fired, or claimed by another process. Commit it together with the timer's effect."""
    claimed = await session.execute(
        update(Timer).where(Timer.id == timer_id, Timer.fired_at.is_(None), Timer.due_at <= now).values(fired_at=now)
    )
    if not claimed.rowcount:  # type: ignore[attr-defined]
        return None
    return await session.get(Timer, timer_id)


async def due_timer_ids(session: AsyncSession, now: dt.datetime) -> list[int]:
    """Unfired timers due at `now`, the earliest first."""
    rows = await session.scalars(
        select(Timer.id).where(Timer.fired_at.is_(None), Timer.due_at <= now).order_by(Timer.due_at)
    )
    return list(rows.all())
