"""What happens when a timer in the `timers` table comes due.

`scheduler.timers` decides *when* (APScheduler, rebuilt from the table at start-up); this module decides *what*.
A timer is claimed by setting `fired_at` with a compare-and-set in the same transaction as its effect, so a
restart or a second process can never fire it twice, and a crash before the commit leaves it to fire again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import case_life, days, offers
from handlers.context import Services, Turn
from handlers.retention import run_retention
from storage.db import Database
from storage.erasure import forget_contact
from storage.models import Case, Contact, Offer, Timer

log = structlog.get_logger(__name__)

TimerEffect = Callable[[Turn, Timer], Awaitable[None]]


def _ref_id(timer: Timer) -> int:
    return int(timer.ref.rsplit(":", 1)[1])


async def _offer_timeout(turn: Turn, timer: Timer) -> None:
    await offers.expire_offer(turn, _ref_id(timer))


async def _forget_contact(turn: Turn, timer: Timer) -> None:
    await forget_contact(turn.session, _ref_id(timer))


# Other modules add their kinds here (shift reminders, day open/close, follow-ups, retention).
TIMER_EFFECTS: dict[str, TimerEffect] = {
    "offer_timeout": _offer_timeout,
    "forget_contact": _forget_contact,
    "retention": run_retention,
    **days.TIMER_EFFECTS,
    **case_life.TIMER_EFFECTS,
}


async def _turn_for(session: AsyncSession, services: Services, timer: Timer) -> Turn:
    """A timer acts for nobody in particular; messages it sends name their recipients explicitly."""
    contact: Contact | None = None
    if timer.kind == "offer_timeout":
        offer = await session.get(Offer, _ref_id(timer))
        case = await session.get(Case, offer.case_id) if offer else None
        if case is not None and case.contact_id is not None:
            contact = await session.get(Contact, case.contact_id)
    if contact is None:
        contact = Contact(id=0, key="", channel="system", role="system", locale="en")
    return Turn(session=session, services=services, contact=contact, inbound=None, now=services.clock())


async def fire_timer(db: Database, services: Services, timer_id: int) -> bool:
    """Run one due timer once. False when it was not due, already fired, or unknown."""
    now = services.clock()
    async with db.transaction() as session:
        claimed = await session.execute(
            update(Timer)
            .where(Timer.id == timer_id, Timer.fired_at.is_(None), Timer.due_at <= now)
            .values(fired_at=now)
        )
        if not claimed.rowcount:  # type: ignore[attr-defined]
            return False
        timer = await session.get(Timer, timer_id)
        assert timer is not None
        effect = TIMER_EFFECTS.get(timer.kind)
        if effect is None:
            log.warning("timer kind unknown", kind=timer.kind)
            return False
        await effect(await _turn_for(session, services, timer), timer)
    return True


async def fire_due_timers(db: Database, services: Services) -> int:
    """Fire every timer that is due now (used at start-up catch-up, by tests and by the demo)."""
    now = services.clock()
    async with db.transaction() as session:
        due = (
            await session.scalars(
                select(Timer.id).where(Timer.fired_at.is_(None), Timer.due_at <= now).order_by(Timer.due_at)
            )
        ).all()
    fired = 0
    for timer_id in due:
        fired += await fire_timer(db, services, timer_id)
    return fired
