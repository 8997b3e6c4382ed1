"""A platform unreachable at start-up: the server starts, the other channel serves, /healthz says which part is
down, and the queued messages go out once the platform answers."""

from __future__ import annotations

import asyncio
import socket

import httpx

from bot.app import create_app
from bot.channels.base import ChannelUnavailable
from bot.health import ChannelStarter
from bot.sandbox.fake_line import FakeLineApi
from bot.sandbox.fake_telegram import FakeTelegramApi
from bot.sandbox.hotline import sandbox_settings
from bot.sandbox.serve import serve_app
from handlers.context import Services
from storage.db import Database
from storage.outbox import pending_count
from tests.bot.conftest import ManualClock, Running, echo_step, line_body, line_event

CHAT = 4242


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def healthz(client: httpx.AsyncClient) -> tuple[int, dict[str, object]]:
    response = await client.get("/healthz")
    return response.status_code, response.json()


async def test_an_unreachable_telegram_degrades_only_telegram_and_heals_when_it_answers(
    db: Database, clock: ManualClock, fake_line: tuple[FakeLineApi, str]
) -> None:
    port = closed_port()
    settings = sandbox_settings(
        fake_line[1], f"http://127.0.0.1:{port}", pseudonym_key="a-test-pseudonym-key-of-enough-length"
    )
    services = Services(pseudonym_key=settings.pseudonym_key_bytes(), clock=clock)
    app = create_app(settings, db=db, services=services, clock=clock, step=echo_step, run_sender=False)
    telegram = FakeTelegramApi(clock=clock.epoch)  # not listening yet

    async with serve_app(app) as url, httpx.AsyncClient(base_url=url) as client:
        running = Running(app, url, client)
        status, body = await healthz(client)
        assert status == 200
        assert body["status"] == "degraded"
        assert body["database"] == {"status": "ok"}
        channels = body["channels"]
        assert isinstance(channels, dict)
        assert channels["line"] == {"status": "ok"}
        assert channels["telegram"]["status"] == "degraded"
        assert f"cannot reach the Telegram API at http://127.0.0.1:{port}" in channels["telegram"]["reason"]

        # LINE works end to end meanwhile.
        line = fake_line[0]
        user = line.add_user("Mai")
        token = line.issue_reply_token(user)
        event = line_event("message", user, "ev-1", replyToken=token, message={"type": "text", "id": "1", "text": "hi"})
        assert (await running.post_line(line_body(event))).status_code == 200
        await running.drain()
        assert line.texts_to(user) == ["text:hi"]

        # Telegram still reaches us; the answer waits in the outbox while we cannot reach Telegram.
        assert (await running.post_telegram(telegram.text_update(CHAT, "hello"))).status_code == 200
        await running.drain()
        async with db.transaction() as session:
            assert await pending_count(session) == 1

        # Telegram answers again on the same address: the channel starts and the waiting answer goes out.
        async with serve_app(telegram, port=port):
            app.state.starter.retry_now()
            for _ in range(500):
                _, body = await healthz(client)
                if body["status"] == "ok":
                    break
                await asyncio.sleep(0.02)
            assert body["channels"] == {"line": {"status": "ok"}, "telegram": {"status": "ok"}}
            await running.drain()
            assert telegram.texts_to(CHAT) == ["text:hello"]
        async with db.transaction() as session:
            assert await pending_count(session) == 0
        # Nobody got anything twice.
        assert line.texts_to(user) == ["text:hi"]


async def test_healthz_is_503_and_names_the_database_when_it_is_unreachable(
    db: Database, clock: ManualClock, fake_line: tuple[FakeLineApi, str], fake_telegram: tuple[FakeTelegramApi, str]
) -> None:
    settings = sandbox_settings(fake_line[1], fake_telegram[1], pseudonym_key="a-test-pseudonym-key-of-enough-length")
    services = Services(pseudonym_key=settings.pseudonym_key_bytes(), clock=clock)
    app = create_app(settings, db=db, services=services, clock=clock, step=echo_step, run_sender=False)
    async with serve_app(app) as url, httpx.AsyncClient(base_url=url) as client:
        assert await healthz(client) == (
            200,
            {
                "status": "ok",
                "database": {"status": "ok"},
                "channels": {"line": {"status": "ok"}, "telegram": {"status": "ok"}},
            },
        )
        app.state.db = Database("postgresql://nobody@127.0.0.1:1/none")  # the database server went away
        try:
            status, body = await healthz(client)
        finally:
            await app.state.db.dispose()
            app.state.db = db
    assert status == 503
    assert body["status"] == "unhealthy"
    assert body["database"]["status"] == "unhealthy"
    assert body["channels"] == {"line": {"status": "ok"}, "telegram": {"status": "ok"}}


class FlakyChannel:
    """A channel whose platform refuses `failures` starts, then answers."""

    name = "flaky"
    max_messages_per_call = 1

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.starts = 0

    async def start(self) -> None:
        self.starts += 1
        if self.starts <= self.failures:
            raise ChannelUnavailable(f"refused start {self.starts}")

    async def stop(self) -> None:
        pass


async def test_a_channel_that_fails_to_start_is_retried_with_backoff_until_it_starts() -> None:
    channel = FlakyChannel(failures=3)
    ready: list[str] = []

    async def on_ready(name: str) -> None:
        ready.append(name)

    starter = ChannelStarter({"flaky": channel}, on_ready, first_retry=0.001, max_retry=0.004)  # type: ignore[dict-item]
    await starter.start()
    assert starter.channel_health() == {"flaky": {"status": "degraded", "reason": "refused start 1"}}
    assert ready == []
    for _ in range(1000):
        if ready:
            break
        await asyncio.sleep(0.005)
    assert ready == ["flaky"]
    assert channel.starts == 4
    assert starter.channel_health() == {"flaky": {"status": "ok"}}
    await starter.stop()
