"""Each kind of timer has exactly one effect; a second registration of a kind fails loudly."""

from __future__ import annotations

import pytest

from handlers.context import Turn
from handlers.timers import TIMER_EFFECTS
from scheduler.timers import DuplicateTimerKind, TimerRegistry
from storage.models import Timer
from storage.states import TimerKind


async def _nothing(turn: Turn, timer: Timer) -> None:
    return None


def test_every_timer_kind_has_its_own_effect() -> None:
    assert set(TIMER_EFFECTS) == set(TimerKind)
    # The consultation day's follow-up and a supporter's own reminder are two kinds, and both run.
    assert TIMER_EFFECTS[TimerKind.DAY_FOLLOW_UP] is not TIMER_EFFECTS[TimerKind.CASE_FOLLOW_UP]


def test_registering_a_kind_twice_fails() -> None:
    with pytest.raises(DuplicateTimerKind, match="follow_up"):
        TIMER_EFFECTS.register(TimerKind.CASE_FOLLOW_UP, _nothing)
    registry: TimerRegistry[object] = TimerRegistry()
    registry.register(TimerKind.DAY_OPEN, _nothing)
    with pytest.raises(DuplicateTimerKind):
        registry.register_all({TimerKind.DAY_CLOSE: _nothing, TimerKind.DAY_OPEN: _nothing})


def test_a_module_registering_a_taken_kind_stops_the_import(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    import handlers.timers
    from handlers import case_life

    # As if case_life claimed the day's follow-up again, the bug that made the day's follow-up dead code.
    with monkeypatch.context() as patch:
        patch.setitem(case_life.TIMER_EFFECTS, TimerKind.DAY_FOLLOW_UP, _nothing)
        with pytest.raises(DuplicateTimerKind, match="day_follow_up"):
            importlib.reload(handlers.timers)
    importlib.reload(handlers.timers)
    assert set(handlers.timers.TIMER_EFFECTS) == set(TimerKind)
