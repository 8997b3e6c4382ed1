"""The ASGI app behind `hotline serve`: health, metrics, the two webhooks, and the outbox sender task."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

import structlog
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.channels.base import Channel, WebhookRejected
from bot.dashboard import dashboard_mount
from bot.health import ChannelStarter, health_report
from bot.media import ChannelMediaFetcher, MediaFiles, media_urls, serve_media
from bot.metrics import HotlineMetrics, WebhookCounter, metrics_endpoint
from bot.sender import OutboxSender
from bot.settings import Settings, build_services
from handlers.context import Services
from handlers.messages import Inbound
from scheduler.timers import TimerRunner
from storage.db import Database
from storage.outbox import due_again

log = structlog.get_logger()

MAX_WEBHOOK_BYTES = 1_000_000  # LINE and Telegram bodies are a few kB; anything near this is abuse

InboundHandler = Callable[[Database, Services, Inbound], Awaitable[bool]]


class _TooLarge(Exception):
    pass


async def _read_body(request: Request, limit: int = MAX_WEBHOOK_BYTES) -> bytes:
    """The raw body, refused by Content-Length before reading and by counting while streaming."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _default_channels(
    settings: Settings, clock: Callable[[], dt.datetime], media_files: MediaFiles | None = None
) -> dict[str, Channel]:
    channels: dict[str, Channel] = {}
    if settings.line_channel_secret and settings.line_channel_access_token:
        from bot.channels.line import LineChannel

        channels["line"] = LineChannel(
            settings.line_channel_secret.get_secret_value(),
            settings.line_channel_access_token.get_secret_value(),
            settings.line_api_url,
            clock=clock,
            media_urls=media_urls(settings),
        )
    if settings.telegram_token and settings.telegram_webhook_secret:
        from bot.channels.telegram import TelegramChannel

        channels["telegram"] = TelegramChannel(
            settings.telegram_token.get_secret_value(),
            settings.telegram_webhook_secret.get_secret_value(),
            settings.telegram_api_url,
            clock=clock,
            media_files=media_files,
        )
    return channels


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def create_app(
    settings: Settings,
    *,
    db: Database | None = None,
    services: Services | None = None,
    channels: Mapping[str, Channel] | None = None,
    clock: Callable[[], dt.datetime] | None = None,
    handle: InboundHandler | None = None,
    run_sender: bool = True,
    run_timers: bool | None = None,
) -> Starlette:
    """Build the app. Everything not given is made from `settings` when the app starts.

    Channels (their SDK clients) and the sender are created inside the lifespan, on the running loop.
    Given `channels` are started and stopped by their owner, not by the app. `handle` replaces the
    handlers' `handle_inbound` (the benchmark's bare path); `run_sender=False` leaves draining to the
    caller through `app.state.sender.drain_once()`. `run_timers` (default: with the sender) starts the
    APScheduler runner of the timers table and books the daily retention run. After start-up `app.state`
    holds db, services, channels, sender, timers, starter (which channels are up, see bot.health) and metrics.
    """
    timers_wanted = run_sender if run_timers is None else run_timers
    now = clock or (services.clock if services is not None else _utcnow)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        own_db = db is None
        database = db or Database(settings.database_url)
        handler = handle
        if handler is None:
            from handlers.inbox import handle_inbound

            handler = handle_inbound
        the_services = services or build_services(settings, now)
        files = MediaFiles(database, now)
        own_channels = channels is None
        the_channels = dict(channels) if channels is not None else _default_channels(settings, now, files)
        if the_services.media_fetcher is None:
            the_services = dataclasses.replace(the_services, media_fetcher=ChannelMediaFetcher(the_channels))
        sender = OutboxSender(database, metrics.counted(the_channels), now)

        async def channel_ready(name: str) -> None:
            async with database.transaction() as session:
                waiting = await due_again(session, name, now())
            if waiting:
                sender.poke()

        starter = ChannelStarter(the_channels, channel_ready)
        if own_channels:  # a channel whose platform is unreachable is retried in the background
            await starter.start()
        app.state.starter = starter
        app.state.db = database
        app.state.services = the_services
        app.state.channels = the_channels
        app.state.sender = sender
        app.state.handle = handler
        app.state.media_files = files
        app.state.media_urls = media_urls(settings)
        task = asyncio.create_task(sender.run(), name="outbox-sender") if run_sender else None
        timers = None
        if timers_wanted:
            timers = await _start_timers(database, the_services, sender)
        app.state.timers = timers
        try:
            yield
        finally:
            if timers is not None:
                await timers.stop()
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await starter.stop()
            if own_channels:
                for channel in the_channels.values():
                    await channel.stop()
            if own_db:
                await database.dispose()

    metrics = HotlineMetrics()  # one registry per app: tests run several apps in one process
    app = Starlette(
        routes=[
            Route("/healthz", healthz, methods=["GET"]),
            Route("/metrics", metrics_endpoint, methods=["GET"]),
            Route("/webhooks/line", line_webhook, methods=["POST"]),
            Route("/webhooks/telegram", telegram_webhook, methods=["POST"]),
            Route("/media/{token}/{signature}/{name}", serve_media, methods=["GET", "HEAD"]),
            dashboard_mount(settings),
        ],
        lifespan=lifespan,
        middleware=[Middleware(WebhookCounter, metrics=metrics)],
    )
    app.state.metrics = metrics
    return app


async def _start_timers(db: Database, services: Services, sender: OutboxSender) -> TimerRunner:
    """Book the daily retention run if none is booked, then fire every timer of the table when due."""
    from handlers.retention import schedule_retention
    from handlers.timers import fire_timer

    async with db.transaction() as session:
        await schedule_retention(session, services.clock(), services.retention)

    async def fire(timer_id: int) -> None:
        if await fire_timer(db, services, timer_id):
            sender.poke()

    runner = TimerRunner(db, fire, clock=services.clock)
    await runner.start()
    return runner


async def healthz(request: Request) -> Response:
    body, status = await health_report(request.app.state.db, request.app.state.starter)
    return JSONResponse(body, status_code=status)


async def _take_in(request: Request, events: list[Inbound]) -> None:
    """Hand each event to the handlers in its own transaction; one failing event does not stop the rest.

    A failed event is logged and answered 200 all the same: its transaction rolled back, and asking the
    platform to redeliver a poison event would only repeat the failure (LINE redelivers only when enabled).
    """
    state = request.app.state
    handled = False
    for inbound in events:
        try:
            # On SQLite, Database.transaction() queues writers of this process (one writer at a time).
            handled = await state.handle(state.db, state.services, inbound) or handled
        except Exception as exc:
            log.error("webhook.event_failed", channel=inbound.channel, kind=inbound.kind, error=type(exc).__name__)
    if handled:
        state.sender.poke()


def _refuse(exc: WebhookRejected, channel: str) -> Response:
    log.warning("webhook.refused", channel=channel, status=exc.status, reason=exc.reason)
    return JSONResponse({"error": exc.reason}, status_code=exc.status)


async def _body_or_413(request: Request, channel: str) -> bytes | Response:
    try:
        return await _read_body(request)
    except _TooLarge:
        log.warning("webhook.refused", channel=channel, status=413, reason="body too large")
        return JSONResponse({"error": "body too large"}, status_code=413)


async def line_webhook(request: Request) -> Response:
    channel: Any = request.app.state.channels.get("line")
    if channel is None or not hasattr(channel, "parse_webhook"):
        return JSONResponse({"error": "LINE is not configured"}, status_code=404)
    body = await _body_or_413(request, "line")
    if isinstance(body, Response):
        return body
    try:
        events = channel.parse_webhook(body, request.headers.get("x-line-signature"))
    except WebhookRejected as exc:
        return _refuse(exc, "line")
    events = await channel.with_profile_language(events)
    await _take_in(request, events)
    return JSONResponse({})


async def telegram_webhook(request: Request) -> Response:
    channel: Any = request.app.state.channels.get("telegram")
    if channel is None or not hasattr(channel, "parse_webhook"):
        return JSONResponse({"error": "Telegram is not configured"}, status_code=404)
    try:  # the secret first: a stranger learns nothing, not even our body limit
        channel.check_secret(request.headers.get("x-telegram-bot-api-secret-token"))
    except WebhookRejected as exc:
        return _refuse(exc, "telegram")
    body = await _body_or_413(request, "telegram")
    if isinstance(body, Response):
        return body
    try:
        inbound = channel.parse_webhook(body, request.headers.get("x-telegram-bot-api-secret-token"))
    except WebhookRejected as exc:
        return _refuse(exc, "telegram")
    await _take_in(request, [inbound] if inbound is not None else [])
    return JSONResponse({})
