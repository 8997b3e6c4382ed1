"""What happens when a timer in the `timers` table comes due.

`scheduler.timers` decides *when* (APScheduler, rebuilt from the table at start-up); this module decides *what*.
A timer is claimed by setting `fired_at` with a compare-and-set in the same transaction as its effect, so a
restart or a second process can never fire it twice, and a crash before the commit leaves it to fire again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import structlog

from handlers import case_life, days, offers
from handlers.context import Services, Turn
from handlers.retention import run_retention
from scheduler.timers import TimerRegistry
from storage.db import Database
from storage.erasure import forget_contact
from storage.models import Timer
from storage.states import TimerKind
from storage.timers import claim_due, due_timer_ids, ref_id

log = structlog.get_logger(__name__)

TimerEffect = Callable[[Turn, Timer], Awaitable[None]]


async def _offer_timeout(turn: Turn, timer: Timer) -> None:
    await offers.expire_offer(turn, ref_id(timer))


async def _forget_contact(turn: Turn, timer: Timer) -> None:
    await forget_contact(turn.session, ref_id(timer))


# Every kind once: a second registration of a kind raises here, at import, instead of silently replacing the first.
TIMER_EFFECTS: TimerRegistry[TimerEffect] = TimerRegistry()
TIMER_EFFECTS.register(TimerKind.OFFER_TIMEOUT, _offer_timeout)
TIMER_EFFECTS.register(TimerKind.FORGET_CONTACT, _forget_contact)
TIMER_EFFECTS.register(TimerKind.RETENTION, run_retention)
TIMER_EFFECTS.register_all(days.TIMER_EFFECTS)
TIMER_EFFECTS.register_all(case_life.TIMER_EFFECTS)


def _effect_of(timer: Timer) -> TimerEffect | None:
    try:
        return TIMER_EFFECTS.get(TimerKind(timer.kind))
    except ValueError:  # a kind this version does not know
        return None


async def fire_timer(db: Database, services: Services, timer_id: int) -> bool:
    """Run one due timer once. False when it was not due, already fired, or unknown."""
    now = services.clock()
    async with db.transaction() as session:
        timer = await claim_due(session, timer_id, now)
        if timer is None:
            return False
        effect = _effect_of(timer)
        if effect is None:
            log.warning("timer kind unknown", kind=timer.kind)
            return False
        # A timer acts for nobody in particular; messages it sends name their recipients explicitly.
        await effect(Turn(session, services, now=now), timer)
    return True


async def fire_due_timers(db: Database, services: Services) -> int:
    """Fire every timer that is due now (used at start-up catch-up, by tests and by the demo)."""
    now = services.clock()
    async with db.transaction() as session:
        due = await due_timer_ids(session, now)
    fired = 0
    for timer_id in due:
        fired += await fire_timer(db, services, timer_id)
    return fired
