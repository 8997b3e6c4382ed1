"""What `/healthz` reports, and channels that start late: one platform down must not stop the others.

At start-up each channel opens its client (Telegram also checks its token with getMe). A channel whose
platform cannot be reached is reported degraded and started again in the background with exponential
backoff; meanwhile the other channels serve, webhooks are taken in, and messages for the degraded channel
wait in the outbox. Whenever a channel starts, `on_ready(name)` makes its waiting messages due at once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Mapping
from enum import StrEnum
from typing import Any

import structlog

from bot.channels.base import Channel, ChannelUnavailable
from storage.db import Database

log = structlog.get_logger()

FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 300.0


class Health(StrEnum):
    OK = "ok"
    DEGRADED = "degraded"  # a channel is down; the rest serves
    UNHEALTHY = "unhealthy"  # the database is unreachable: nothing can be kept


def _why(exc: BaseException) -> str:
    return exc.reason if isinstance(exc, ChannelUnavailable) else f"start failed ({type(exc).__name__})"


class ChannelStarter:
    """Starts the channels; retries the ones that fail in the background until they start or the app stops."""

    def __init__(
        self,
        channels: Mapping[str, Channel],
        on_ready: Callable[[str], Awaitable[None]],
        *,
        first_retry: float = FIRST_RETRY_SECONDS,
        max_retry: float = MAX_RETRY_SECONDS,
    ) -> None:
        self._channels = channels
        self._on_ready = on_ready
        self.first_retry = first_retry
        self.max_retry = max_retry
        self._problems: dict[str, str] = {}
        self._retries: dict[str, asyncio.Task[None]] = {}
        self._wake = asyncio.Event()

    async def start(self) -> None:
        """Start every channel once; those that fail are reported degraded and retried in the background."""
        for name, channel in self._channels.items():
            try:
                await channel.start()
            except Exception as exc:
                self._problems[name] = _why(exc)
                log.error("channel.start_failed", channel=name, reason=_why(exc), retry_in=self.first_retry)
                self._retries[name] = asyncio.create_task(self._retry(name, channel), name=f"start-{name}")
            else:
                await self._ready(name)  # messages parked by an earlier process's outage go now

    def retry_now(self) -> None:
        """Try the degraded channels again without waiting for their backoff (an operator's nudge, tests)."""
        self._wake.set()

    async def _retry(self, name: str, channel: Channel) -> None:
        delay = self.first_retry
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._wake.wait()
            self._wake.clear()
            try:
                await channel.start()
            except Exception as exc:
                self._problems[name] = _why(exc)
                delay = min(delay * 2, self.max_retry)
                log.warning("channel.start_failed", channel=name, reason=_why(exc), retry_in=delay)
                continue
            break
        del self._problems[name]
        log.info("channel.started", channel=name)
        await self._ready(name)

    async def _ready(self, name: str) -> None:
        try:
            await self._on_ready(name)
        except Exception as exc:  # the waiting messages still go at their own retry time
            log.error("channel.ready_hook_failed", channel=name, error=type(exc).__name__)

    def channel_health(self) -> dict[str, dict[str, str]]:
        """Each channel's state, with the reason when it is degraded."""
        report: dict[str, dict[str, str]] = {}
        for name in self._channels:
            problem = self._problems.get(name)
            report[name] = {"status": Health.OK} if problem is None else {"status": Health.DEGRADED, "reason": problem}
        return report

    async def stop(self) -> None:
        for task in self._retries.values():
            task.cancel()
        for task in self._retries.values():
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._retries.clear()


async def health_report(db: Database, starter: ChannelStarter) -> tuple[dict[str, Any], int]:
    """The `/healthz` body and status: 503 when the database is unreachable, else 200 (degraded or ok)."""
    channels = starter.channel_health()
    try:
        await db.ping()
        database: dict[str, str] = {"status": Health.OK}
    except Exception as exc:
        log.error("healthz.database_unreachable", error=type(exc).__name__)
        database = {"status": Health.UNHEALTHY, "reason": f"unreachable ({type(exc).__name__})"}
    if database["status"] != Health.OK:
        overall = Health.UNHEALTHY
    elif any(part["status"] != Health.OK for part in channels.values()):
        overall = Health.DEGRADED
    else:
        overall = Health.OK
    body = {"status": overall, "database": database, "channels": channels}
    return body, 503 if overall == Health.UNHEALTHY else 200
