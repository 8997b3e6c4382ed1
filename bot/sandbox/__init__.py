"""Loopback stand-ins for the platforms, so tests and `hotline demo` run the real SDK code paths offline.

- `bot.sandbox.fake_line.FakeLineApi`: the LINE Messaging API endpoints the bot uses.
- `bot.sandbox.fake_telegram.FakeTelegramApi`: the Telegram Bot API methods the bot uses.
- `bot.sandbox.serve.serve_app`: runs either (or our own app) on 127.0.0.1 inside the current event loop.

This module holds what both fakes share: the record of a request and the failure plan. It imports only
the standard library so that importing it stays cheap.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Clock = Callable[[], float]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as a fake received it, with the status it answered.

    `body` is the decoded JSON body (for Telegram form posts: the fields decoded as the Bot API reads
    them), so a spec check can validate exactly what the bot sent. `headers` has lowercased keys.
    `received_at` is the fake's clock reading, which lets a test check retry spacing.
    """

    method: str
    path: str
    headers: Mapping[str, str]
    body: Any
    status: int
    received_at: float


@dataclass(frozen=True)
class InjectedFailure:
    status: int
    retry_after: int


class FailurePlan:
    """Answers that a fake gives instead of serving, to play platform outages and rate limits."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._next: list[int] = []
        self._until = -math.inf
        self._until_status = 500

    def fail_next(self, status: int, count: int = 1) -> None:
        """Answer the next `count` requests with `status` (after any already planned)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        self._next.extend([status] * count)

    def fail_for(self, seconds: float, status: int = 500) -> None:
        """Answer every request with `status` until `seconds` have passed on the fake's clock."""
        self._until = self._clock() + seconds
        self._until_status = status

    def clear(self) -> None:
        self._next.clear()
        self._until = -math.inf

    def take(self) -> InjectedFailure | None:
        """The failure the current request must get, if any; consumes one `fail_next` answer."""
        if self._next:
            return InjectedFailure(self._next.pop(0), retry_after=1)
        remaining = self._until - self._clock()
        if remaining > 0:
            return InjectedFailure(self._until_status, retry_after=max(1, math.ceil(remaining)))
        return None
