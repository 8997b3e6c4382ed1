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
