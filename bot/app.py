"""The ASGI app behind `hotline serve`: health, metrics, the webhooks, the inbox workers and the sender task.

A webhook does only this: verify, append the raw events to the inbox (group commit), answer 200 once they are
committed, 503 when they could not be. The inbox workers process the events; the sender delivers the replies.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
from collections.abc import AsyncIterator, Callable, Mapping

import structlog
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.channels.base import WebhookChannel, WebhookRejected
from bot.dashboard import dashboard_mount
from bot.health import ChannelStarter, health_report
from bot.media import ChannelMediaFetcher, MediaFiles, media_urls, serve_media
from bot.metrics import HotlineMetrics, WebhookCounter, metrics_endpoint
from bot.sender import OutboxSender
from bot.settings import Settings, build_services
from handlers.context import Services
from handlers.dispatch import dispatch
from handlers.inbox import InboxWorker, Step, wake
from handlers.messages import Inbound
from scheduler.timers import TimerRunner
from storage.db import Database
from storage.inbox import InboxUnavailable, InboxWriter
from storage.outbox import due_again

log = structlog.get_logger()

MAX_WEBHOOK_BYTES = 1_000_000  # LINE and Telegram bodies are a few kB; anything near this is abuse


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
) -> dict[str, WebhookChannel]:
    channels: dict[str, WebhookChannel] = {}
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


class ChannelReader:
    """The inbox workers' view of the channels: a raw event of a channel becomes plain inbound messages."""

    def __init__(self, channels: Mapping[str, WebhookChannel]) -> None:
        self._channels = channels

    async def read(self, channel: str, raw: str, received_at: dt.datetime) -> list[Inbound]:
        found = self._channels.get(channel)
        if found is None:
            raise LookupError(f"channel {channel} is not configured")
        return await found.read(raw, received_at)


def create_app(
    settings: Settings,
    *,
    db: Database | None = None,
    services: Services | None = None,
    channels: Mapping[str, WebhookChannel] | None = None,
    clock: Callable[[], dt.datetime] | None = None,
    step: Step | None = None,
    run_sender: bool = True,
    run_timers: bool | None = None,
    run_workers: bool | None = None,
    workers: int | None = None,
) -> Starlette:
    """Build the app. Everything not given is made from `settings` when the app starts.

    Channels (their SDK clients), the inbox writer, the workers and the sender are created inside the
    lifespan, on the running loop. Given `channels` are started and stopped by their owner, not by the app.
    `step` replaces the conversation step (`handlers.dispatch.dispatch`) the workers run for each event (the
    benchmark's bare path, the channel tests' echo). `run_sender=False` leaves delivering to the caller
    through `app.state.sender.drain_once()`; `run_workers` (default: with the sender) likewise processing
    through `app.state.inbox.drain_once()`. `workers` inbox workers run (default: 1 on SQLite, whose writers
    take turns anyway, 4 on PostgreSQL). `run_timers` (default: with the sender) starts the APScheduler
    runner of the timers table and books the daily retention run. After start-up `app.state` holds db,
    services, channels, inbox_writer, inbox (a worker), sender, timers, starter (which channels are up,
    see bot.health) and metrics.
    """
    timers_wanted = run_sender if run_timers is None else run_timers
    workers_wanted = run_sender if run_workers is None else run_workers
    now = clock or (services.clock if services is not None else _utcnow)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        own_db = db is None
        database = db or Database(settings.database_url)
        the_services = services or build_services(settings, now)
        files = MediaFiles(database, now)
        own_channels = channels is None
        the_channels = dict(channels) if channels is not None else _default_channels(settings, now, files)
        if the_services.media_fetcher is None:
            the_services = dataclasses.replace(the_services, media_fetcher=ChannelMediaFetcher(the_channels))
        sender = OutboxSender(database, metrics.counted(the_channels), now)
        reader = ChannelReader(the_channels)
        count = workers or (1 if database.is_sqlite else 4)
        # On SQLite a worker's transaction holds the write lock everyone waits for (the worker's short default). On
        # PostgreSQL it locks only its own rows, so it runs longer and pays its claim and commit round trips for more
        # events. The budget is wall time, and a worker's time per row grows with the workers sharing its loop and
        # shrinks with its process's share of the load: at 0.5 s two processes took half the rows per transaction
        # each and paid those round trips twice as often per event as one.
        inbox_workers: list[InboxWorker] = []

        def wake_workers() -> None:
            wake(inbox_workers)

        inbox_workers += [
            InboxWorker(
                database, the_services, reader, step=step or dispatch, on_commit=sender.poke, on_full=wake_workers
            )
            for _ in range(count)
        ]
        if not database.is_sqlite:
            for worker in inbox_workers:
                worker.budget = 2.0
        writer = InboxWriter.for_database(database, now)
        writer.on_commit(wake_workers)

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
        app.state.inbox_writer = writer
        app.state.inbox = inbox_workers[0]
        app.state.media_files = files
        app.state.media_urls = media_urls(settings)
        tasks: list[asyncio.Task[None]] = []
        if workers_wanted:
            tasks += [asyncio.create_task(w.run(), name=f"inbox-worker-{i}") for i, w in enumerate(inbox_workers)]
        if run_sender:
            tasks.append(asyncio.create_task(sender.run(), name="outbox-sender"))
        timers = None
        if timers_wanted:
            timers = await _start_timers(database, the_services, sender)
        app.state.timers = timers
        try:
            yield
        finally:
            if timers is not None:
                await timers.stop()
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await starter.stop()
            await writer.aclose()
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
            Route("/webhooks/{channel:str}", webhook, methods=["POST"]),
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


def _refuse(exc: WebhookRejected, channel: str) -> Response:
    log.warning("webhook.refused", channel=channel, status=exc.status, reason=exc.reason)
    return JSONResponse({"error": exc.reason}, status_code=exc.status)


async def webhook(request: Request) -> Response:
    """Verify, keep the raw events, answer: 200 only once they are committed to the inbox."""
    name = request.path_params["channel"]
    channels: Mapping[str, WebhookChannel] = request.app.state.channels
    channel = channels.get(name)
    if channel is None:
        return JSONResponse({"error": "no such channel is configured"}, status_code=404)
    try:  # headers first: a stranger learns nothing, not even our body limit
        channel.authenticate(request.headers)
        body = await _read_body(request)
        events = channel.receive(body, request.headers)
    except WebhookRejected as exc:
        return _refuse(exc, channel.name)
    except _TooLarge:
        log.warning("webhook.refused", channel=channel.name, status=413, reason="body too large")
        return JSONResponse({"error": "body too large"}, status_code=413)
    try:
        await request.app.state.inbox_writer.append(events)
    except InboxUnavailable as exc:
        log.error("webhook.inbox_unavailable", channel=channel.name, events=len(events), error=str(exc))
        return JSONResponse({"error": "busy, deliver again"}, status_code=503, headers={"Retry-After": "1"})
    return JSONResponse({})
