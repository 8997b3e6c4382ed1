"""What strangers and broken platforms send: refused with a clear 4xx, nothing stored, never a 5xx."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from bot.sandbox.fake_line import FakeLineApi
from storage.models import Contact, OutboxMessage, ProcessedEvent
from tests.bot.conftest import TELEGRAM_SECRET, Running, line_body, line_event, line_signature


async def stored(running: Running) -> tuple[int, int, int]:
    async with running.state.db.transaction() as session:
        return (
            await session.scalar(select(func.count()).select_from(ProcessedEvent)) or 0,
            await session.scalar(select(func.count()).select_from(Contact)) or 0,
            await session.scalar(select(func.count()).select_from(OutboxMessage)) or 0,
        )


def text_body(user: str = "U" + "a" * 32) -> bytes:
    message = {"type": "text", "id": "1", "text": "hi"}
    return json.dumps(line_body(line_event("message", user, "ev-a", message=message))).encode()


async def test_a_missing_line_signature_is_refused(running: Running) -> None:
    response = await running.client.post("/webhooks/line", content=text_body())
    assert response.status_code == 401
    assert await stored(running) == (0, 0, 0)


async def test_a_wrong_line_signature_is_refused(running: Running) -> None:
    response = await running.post_line(text_body(), secret="not-our-secret")
    assert response.status_code == 401
    assert await stored(running) == (0, 0, 0)


@pytest.mark.parametrize("body", [b"", b"{not json", b"[]", b'{"events": "nope"}', b"\xff\xfe"])
async def test_a_signed_body_that_is_not_a_webhook_is_a_400(running: Running, body: bytes) -> None:
    response = await running.client.post(
        "/webhooks/line", content=body, headers={"X-Line-Signature": line_signature(body)}
    )
    assert response.status_code == 400
    assert await stored(running) == (0, 0, 0)


async def test_a_wrong_telegram_secret_is_a_403(running: Running) -> None:
    update = {
        "update_id": 1,
        "message": {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}, "text": "hi"},
    }
    assert (await running.post_telegram(update, secret="guess")).status_code == 403
    assert (await running.client.post("/webhooks/telegram", json=update)).status_code == 403
    assert await stored(running) == (0, 0, 0)


@pytest.mark.parametrize("body", [b"", b"{not json", b"[1]", b'{"update_id": "x"}'])
async def test_a_telegram_body_that_is_not_an_update_is_a_400(running: Running, body: bytes) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    response = await running.client.post("/webhooks/telegram", content=body, headers=headers)
    assert response.status_code == 400
    assert await stored(running) == (0, 0, 0)


@pytest.mark.parametrize("path", ["/webhooks/line", "/webhooks/telegram"])
async def test_a_10_mb_body_is_refused_with_413(running: Running, path: str) -> None:
    body = b"x" * 10_000_000
    headers = {
        "X-Line-Signature": line_signature(body),
        "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET,
    }
    response = await running.client.post(path, content=body, headers=headers)
    assert response.status_code == 413
    assert await stored(running) == (0, 0, 0)


async def test_a_streamed_body_without_length_is_cut_at_the_limit(running: Running) -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(20):
            yield b"x" * 100_000

    headers = {"X-Line-Signature": "c2lnbmF0dXJl"}
    response = await running.client.post("/webhooks/line", content=chunks(), headers=headers)
    assert response.status_code == 413


async def test_a_thousand_redeliveries_store_and_answer_once(
    running: Running, fake_line: tuple[FakeLineApi, str]
) -> None:
    fake = fake_line[0]
    user = fake.add_user("Mai")
    event = line_event("message", user, "ev-same", message={"type": "text", "id": "1", "text": "hi"})
    event["deliveryContext"] = {"isRedelivery": True}
    body = json.dumps(line_body(event)).encode()

    statuses = {(await running.post_line(body)).status_code for _ in range(1000)}
    await running.drain()

    assert statuses == {200}
    assert await stored(running) == (1, 1, 1)
    assert fake.texts_to(user) == ["text:hi"]
