"""Fixtures for the channel tests: a SQLite database, clocks we move by hand, the fakes and our app served."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from bot.app import create_app
from bot.sandbox.fake_line import FakeLineApi
from bot.sandbox.fake_telegram import FakeTelegramApi
from bot.sandbox.hotline import LINE_SECRET, TELEGRAM_SECRET, line_signature, sandbox_settings
from bot.sandbox.serve import serve_app
from handlers.context import Services, Turn
from handlers.messages import Button
from storage.db import Database

START = dt.datetime(2026, 11, 3, 1, 0, tzinfo=dt.UTC)


class ManualClock:
    """One moment shared by the app (datetime) and the fakes (epoch seconds); tests move it."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def epoch(self) -> float:
        return self.now.timestamp()

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


async def echo_step(turn: Turn) -> None:
    """A conversation step (in place of `handlers.dispatch.dispatch`) that echoes what it got.

    Channel tests assert what the adapters send, so the reply must not depend on the intake flow.
    "buttons N" asks for N buttons; "long N" for a text of N characters.
    """
    inbound = turn.inbound
    if inbound is None or inbound.kind == "unfollow":
        return
    text = inbound.text or ""
    if text.startswith("buttons "):
        count = int(text.split()[1])
        turn.reply("Choose", [Button(f"Option {i}", f"opt:{i}") for i in range(count)])
    elif text.startswith("long "):
        turn.reply("あ" * int(text.split()[1]))
    else:
        turn.reply(f"{inbound.kind}:{inbound.payload or text}")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'hotline.db'}")
    await database.create_all()
    yield database
    await database.dispose()


@pytest.fixture
async def fake_line(clock: ManualClock) -> AsyncIterator[tuple[FakeLineApi, str]]:
    fake = FakeLineApi(clock=clock.epoch)
    async with serve_app(fake) as url:
        yield fake, url


@pytest.fixture
async def fake_telegram(clock: ManualClock) -> AsyncIterator[tuple[FakeTelegramApi, str]]:
    fake = FakeTelegramApi(clock=clock.epoch)
    async with serve_app(fake) as url:
        yield fake, url


@dataclass
class Running:
    app: Starlette
    url: str
    client: httpx.AsyncClient

    @property
    def state(self) -> Any:
        return self.app.state

    async def process(self) -> int:
        """Process every event the webhooks kept (what the inbox workers do); returns how many."""
        total = 0
        while taken := await self.app.state.inbox.drain_once():
            total += taken
        return total

    async def drain(self) -> int:
        """Process what the webhooks kept, then send the replies; returns the rows the sender handled."""
        await self.process()
        return int(await self.app.state.sender.drain_once())

    async def post_line(self, body: bytes | dict[str, Any], *, secret: str = LINE_SECRET) -> httpx.Response:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return await self.client.post(
            "/webhooks/line", content=raw, headers={"X-Line-Signature": line_signature(raw, secret)}
        )

    async def post_telegram(self, update: dict[str, Any], *, secret: str = TELEGRAM_SECRET) -> httpx.Response:
        return await self.client.post(
            "/webhooks/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}
        )


def line_event(kind: str, user_id: str, event_id: str, **extra: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": kind,
        "mode": "active",
        "timestamp": 1_700_000_000_000,
        "source": {"type": "user", "userId": user_id},
        "webhookEventId": event_id,
        "deliveryContext": {"isRedelivery": False},
    }
    event.update(extra)
    message = event.get("message")
    if isinstance(message, dict) and message.get("type") in {"text", "image", "video", "sticker"}:
        message.setdefault("quoteToken", "q-" + str(message.get("id")))  # the schema requires it
    return event


def line_body(*events: dict[str, Any]) -> dict[str, Any]:
    return {"destination": "U" + "0" * 32, "events": list(events)}


@pytest.fixture
async def running(
    db: Database,
    clock: ManualClock,
    fake_line: tuple[FakeLineApi, str],
    fake_telegram: tuple[FakeTelegramApi, str],
) -> AsyncIterator[Running]:
    settings = sandbox_settings(fake_line[1], fake_telegram[1], pseudonym_key="a-test-pseudonym-key-of-enough-length")
    services = Services(pseudonym_key=settings.pseudonym_key_bytes(), clock=clock)
    app = create_app(settings, db=db, services=services, clock=clock, step=echo_step, run_sender=False)
    async with serve_app(app) as url, httpx.AsyncClient(base_url=url) as client:
        yield Running(app, url, client)
