"""The ASGI app behind `hotline serve`: health, metrics, the webhooks, the inbox workers and the sender task.

A webhook does only this: verify, append the raw events to the inbox (group commit), answer 200 once they are
committed, 503 when they could not be. The inbox workers process the events; the sender delivers the replies.
Webhooks are taken in by plain ASGI code (`WebhookIntake`) ahead of Starlette, which serves everything else.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import json
from collections.abc import AsyncIterator, Callable, Mapping, Sequence

import structlog
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from bot.channels.base import WebhookChannel, WebhookRejected
from bot.dashboard import dashboard_mount
from bot.health import ChannelStarter, health_report
from bot.media import ChannelMediaFetcher, MediaFiles, media_urls, serve_media
from bot.metrics import WEBHOOK_CHANNELS, HotlineMetrics, metrics_endpoint
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


class _ClientGone(Exception):
    pass


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
) -> Hotline:
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
        intake.open(the_channels, writer)
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
    intake = WebhookIntake(metrics)
    app = Hotline(
        routes=[
            Route("/healthz", healthz, methods=["GET"]),
            Route("/metrics", metrics_endpoint, methods=["GET"]),
            Route("/webhooks/{channel:str}", intake, methods=["POST"]),
            Route("/media/{token}/{signature}/{name}", serve_media, methods=["GET", "HEAD"]),
            dashboard_mount(settings),
        ],
        lifespan=lifespan,
    )
    app.intake = intake
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


_JSON: list[tuple[bytes, bytes]] = [(b"content-type", b"application/json")]
_KEPT = b"{}"


def _error(reason: str) -> bytes:
    # What Starlette's JSONResponse({"error": reason}) writes.
    return json.dumps({"error": reason}, ensure_ascii=False, separators=(",", ":")).encode()


async def _answer(send: Send, status: int, body: bytes, extra: Sequence[tuple[bytes, bytes]] = ()) -> int:
    headers = [*_JSON, (b"content-length", str(len(body)).encode()), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
    return status


async def _read_body(receive: Receive, declared: str | None, limit: int = MAX_WEBHOOK_BYTES) -> bytes:
    """The raw body, refused by Content-Length before reading and by counting while it streams in."""
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            raise _ClientGone
        chunk: bytes = message.get("body", b"")
        more = message.get("more_body", False)
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


class WebhookIntake:
    """POST /webhooks/{channel}, as plain ASGI: verify, keep the raw events, answer; counted for /metrics.

    `Hotline` calls it ahead of Starlette's middleware and router (a webhook needs neither, nor the proxy headers:
    it answers the platform, whatever address it came from); the Starlette route calls it too. It answers 200 only
    once the events are committed to the inbox, 503 when they could not be, 404 for a channel that is not
    configured, and the channel's 4xx (or 413 for a body over MAX_WEBHOOK_BYTES) for a request that is refused.
    `hotline_webhooks_received` counts every request to a known channel name, `hotline_webhooks_refused` those
    answered with an error status (500 for an exception, or a client gone before its body arrived).
    """

    def __init__(self, metrics: HotlineMetrics) -> None:
        self._metrics = metrics
        self._received = {name: metrics.webhooks_received.labels(name) for name in WEBHOOK_CHANNELS}
        self._channels: Mapping[str, WebhookChannel] = {}
        self._writer: InboxWriter | None = None

    def open(self, channels: Mapping[str, WebhookChannel], writer: InboxWriter) -> None:
        """The app started: take in through these channels into this writer."""
        self._channels = channels
        self._writer = writer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """As the endpoint of Starlette's route (a request that reached the router)."""
        await self.take(scope["path_params"]["channel"], scope, receive, send)

    async def take(self, name: str, scope: Scope, receive: Receive, send: Send) -> None:
        received = self._received.get(name)
        if received is None:  # not a channel's name: not counted (strangers could add series)
            await _answer(send, 404, _error("no such channel is configured"))
            return
        received.inc()
        status = 500  # an exception before the answer is answered 500 by the server
        try:
            status = await self._take(name, scope, receive, send)
        finally:
            if status >= 400:
                self._metrics.webhooks_refused.labels(name, str(status)).inc()

    async def _take(self, name: str, scope: Scope, receive: Receive, send: Send) -> int:
        channel = self._channels.get(name)
        if channel is None or self._writer is None:
            return await _answer(send, 404, _error("no such channel is configured"))
        headers: dict[str, str] = {}
        for key, value in reversed(scope["headers"]):  # the first of repeated headers wins, as in Starlette
            headers[key.decode("latin-1").lower()] = value.decode("latin-1")
        try:  # headers first: a stranger learns nothing, not even our body limit
            channel.authenticate(headers)
            body = await _read_body(receive, headers.get("content-length"))
            events = channel.receive(body, headers)
        except WebhookRejected as exc:
            log.warning("webhook.refused", channel=channel.name, status=exc.status, reason=exc.reason)
            return await _answer(send, exc.status, _error(exc.reason))
        except _TooLarge:
            log.warning("webhook.refused", channel=channel.name, status=413, reason="body too large")
            return await _answer(send, 413, _error("body too large"))
        except _ClientGone:
            log.info("webhook.client_gone", channel=channel.name)
            return 500
        try:
            await self._writer.append(events)
        except InboxUnavailable as exc:
            log.error("webhook.inbox_unavailable", channel=channel.name, events=len(events), error=str(exc))
            return await _answer(send, 503, _error("busy, deliver again"), [(b"retry-after", b"1")])
        return await _answer(send, 200, _KEPT)


class Hotline(Starlette):
    """The app. A POST to /webhooks/{channel} goes straight to `intake`; everything else through Starlette."""

    intake: WebhookIntake

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            path: str = scope["path"]
            if path.startswith("/webhooks/"):
                name = path[10:]
                if name and "/" not in name:  # what the route "/webhooks/{channel}" matches
                    await self.intake.take(name, scope, receive, send)
                    return
        await super().__call__(scope, receive, send)

    def behind_proxies(self, trusted_hosts: str) -> None:
        """Read the client's address and scheme from X-Forwarded-For and -Proto sent by `trusted_hosts` (as
        uvicorn's --proxy-headers does), for everything but the webhooks (the dashboard's sign-in limit)."""
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        self.add_middleware(ProxyHeadersMiddleware, trusted_hosts=trusted_hosts)
