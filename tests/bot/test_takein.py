"""Taking in as `hotline serve` runs it: webhooks answered ahead of the dashboard's stack, the rest behind the proxy."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select

from bot.app import Hotline, create_app
from bot.sandbox.fake_line import FakeLineApi
from bot.sandbox.fake_telegram import FakeTelegramApi
from bot.sandbox.hotline import line_signature, sandbox_settings
from bot.sandbox.serve import serve_app
from handlers.context import Services
from storage.db import Database
from storage.models import InboxEvent
from tests.bot.conftest import ManualClock, echo_step, line_body, line_event

ADMIN_TOKEN = "a-long-random-admin-token-for-tests-0123456789"


@pytest.fixture
async def served(
    db: Database,
    clock: ManualClock,
    fake_line: tuple[FakeLineApi, str],
    fake_telegram: tuple[FakeTelegramApi, str],
) -> AsyncIterator[tuple[Hotline, httpx.AsyncClient]]:
    """The app served as `hotline serve` serves it: uvicorn reads no proxy header, the app does (from loopback)."""
    settings = sandbox_settings(
        fake_line[1],
        fake_telegram[1],
        pseudonym_key="a-test-pseudonym-key-of-enough-length",
        admin_token=ADMIN_TOKEN,
        public_url="http://127.0.0.1:8080",  # no Secure cookies: the test signs in over plain http
    )
    services = Services(pseudonym_key=settings.pseudonym_key_bytes(), clock=clock)
    app = create_app(settings, db=db, services=services, clock=clock, step=echo_step, run_sender=False)
    app.behind_proxies("127.0.0.1")
    async with serve_app(app, proxy_headers=False) as url, httpx.AsyncClient(base_url=url) as client:
        yield app, client


async def kept(db: Database) -> int:
    async with db.read() as session:
        return int(await session.scalar(select(func.count()).select_from(InboxEvent)) or 0)


async def scrape(client: httpx.AsyncClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = await client.get("/metrics")
    assert response.status_code == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def signed(body: bytes, **headers: str) -> dict[str, str]:
    return {"X-Line-Signature": line_signature(body), "Content-Type": "application/json", **headers}


async def test_sign_in_is_limited_per_client_behind_the_proxy_while_webhooks_are_taken_in(
    served: tuple[Hotline, httpx.AsyncClient], db: Database
) -> None:
    _, client = served
    page = await client.get("/dashboard/login", headers={"X-Forwarded-For": "203.0.113.7", "Accept-Language": "en"})
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf is not None
    client.cookies.update(page.cookies)

    async def sign_in(address: str) -> int:
        form = {"csrf": csrf.group(1), "token": "a-wrong-guess"}
        answer = await client.post("/dashboard/login/token", data=form, headers={"X-Forwarded-For": address})
        return answer.status_code

    assert [await sign_in("203.0.113.7") for _ in range(11)] == [401] * 10 + [429]
    # Another person behind the same proxy is not held up by the first one's attempts.
    assert await sign_in("198.51.100.20") == 401
    # The webhooks go around the dashboard's stack and do not care which address the proxy names.
    body = json.dumps(line_body(line_event("message", "U" + "b" * 32, "ev-proxy", message={"type": "text"}))).encode()
    answer = await client.post("/webhooks/line", content=body, headers=signed(body, **{"X-Forwarded-For": "192.0.2.1"}))
    assert (answer.status_code, answer.json()) == (200, {})
    assert await kept(db) == 1


async def test_the_webhook_route_answers_as_before_for_every_kind_of_request(
    served: tuple[Hotline, httpx.AsyncClient], db: Database
) -> None:
    _, client = served
    body = json.dumps(line_body(line_event("message", "U" + "c" * 32, "ev-1", message={"type": "text"}))).encode()
    big = b"x" * 2_000_000

    assert (await client.get("/webhooks/line")).status_code == 405  # not a POST: Starlette's router answers
    unknown = await client.post("/webhooks/whatsapp", content=body, headers=signed(body))
    assert (unknown.status_code, unknown.json()) == (404, {"error": "no such channel is configured"})
    too_big = await client.post("/webhooks/line", content=big, headers=signed(big))
    assert (too_big.status_code, too_big.json()) == (413, {"error": "body too large"})
    wrong = await client.post("/webhooks/line", content=body, headers={"X-Line-Signature": "d3Jvbmc="})
    assert (wrong.status_code, wrong.json()) == (401, {"error": "wrong X-Line-Signature"})
    assert await kept(db) == 0
    good = await client.post("/webhooks/line", content=body, headers=signed(body))
    assert (good.status_code, good.headers["content-type"], good.content) == (200, "application/json", b"{}")
    assert await kept(db) == 1

    samples = await scrape(client)
    assert samples[("hotline_webhooks_received_total", (("channel", "line"),))] == 3
    assert samples[("hotline_webhooks_refused_total", (("channel", "line"), ("status", "413")))] == 1
    assert samples[("hotline_webhooks_refused_total", (("channel", "line"), ("status", "401")))] == 1
    assert not any(labels == (("channel", "whatsapp"),) for _, labels in samples)  # strangers add no series


async def test_a_streamed_body_over_the_limit_stores_nothing_and_counts_as_refused(
    served: tuple[Hotline, httpx.AsyncClient], db: Database
) -> None:
    _, client = served

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"destination": "x", "events": ['
        for _ in range(20):
            yield b" " * 100_000

    refused = await client.post("/webhooks/line", content=chunks(), headers={"X-Line-Signature": "c2lnbmF0dXJl"})
    assert refused.status_code == 413
    assert await kept(db) == 0
    samples = await scrape(client)
    assert samples[("hotline_webhooks_refused_total", (("channel", "line"), ("status", "413")))] == 1
