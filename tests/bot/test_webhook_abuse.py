"""What strangers and broken platforms send: refused with a clear 4xx, nothing stored, never a 5xx."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text

from bot.sandbox.fake_line import FakeLineApi
from bot.sandbox.fake_telegram import FakeTelegramApi
from storage.inbox import failed_count, pending_count
from storage.models import Contact, InboxEvent, OutboxMessage, ProcessedEvent
from tests.bot.conftest import TELEGRAM_SECRET, Running, line_body, line_event, line_signature


async def stored(running: Running) -> tuple[int, int, int]:
    """Events processed, contacts and queued messages; and nothing may be left in the inbox but pending events."""
    async with running.state.db.transaction() as session:
        return (
            await session.scalar(select(func.count()).select_from(ProcessedEvent))
            or await session.scalar(select(func.count()).select_from(InboxEvent))
            or 0,
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


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [100_000])
async def test_deeply_nested_json_with_a_good_signature_or_secret_is_a_400(running: Running, depth: int) -> None:
    line = ('{"destination": "x", "events": [' + nested(depth) + "]}").encode()
    telegram = ('{"update_id": 1, "message": ' + nested(depth) + "}").encode()
    line_answer = await running.post_line(line)
    telegram_answer = await running.client.post(
        "/webhooks/telegram", content=telegram, headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    )
    assert (line_answer.status_code, telegram_answer.status_code) == (400, 400)
    assert await stored(running) == (0, 0, 0)


async def test_authenticated_updates_missing_parts_are_taken_and_ignored(
    running: Running, fake_line: tuple[FakeLineApi, str], fake_telegram: tuple[FakeTelegramApi, str]
) -> None:
    fake_telegram[0].add_chat(5, "Mai")
    chat = {"id": 5, "type": "private"}
    broken_updates = [
        {"update_id": 10, "message": {"message_id": 1, "date": 0, "text": "no chat, no from"}},
        {"update_id": 11, "callback_query": {"id": "q", "data": "x"}},
        {"update_id": 12, "message": "not an object"},
        # A text that is not a string is a message we cannot use, like a location: it gets the echo's "other".
        {"update_id": 13, "message": {"message_id": 2, "date": 0, "chat": chat, "text": {"not": "a string"}}},
    ]
    for update in broken_updates:
        assert (await running.post_telegram(update)).status_code == 200
    user = fake_line[0].add_user("Mai")
    text_object = line_event("message", user, "ev-obj", message={"type": "text", "id": "1", "text": {"x": 1}})
    no_source = line_event("message", user, "ev-nosrc", message={"type": "text", "id": "2", "text": "hi"})
    del no_source["source"]
    assert (await running.post_line(line_body(text_object, no_source))).status_code == 200

    assert await running.process() == 6
    await running.drain()

    assert [m["text"] for m in fake_telegram[0].delivered[5]] == ["other:"]
    assert fake_line[0].texts_to(user) == []
    async with running.state.db.read() as session:
        assert (await pending_count(session), await failed_count(session)) == (0, 0)


async def test_a_webhook_is_answered_503_when_the_inbox_cannot_be_written(
    running: Running, fake_line: tuple[FakeLineApi, str]
) -> None:
    user = fake_line[0].add_user("Mai")
    event = line_event("message", user, "ev-kept", message={"type": "text", "id": "1", "text": "hi"})
    async with running.state.db.transaction() as session:
        await session.execute(text("ALTER TABLE inbox RENAME TO inbox_away"))

    refused = await running.post_line(line_body(event))

    async with running.state.db.transaction() as session:
        await session.execute(text("ALTER TABLE inbox_away RENAME TO inbox"))
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "1"
    # The platform delivers again: now it is kept, answered 200 and answered once.
    assert (await running.post_line(line_body(event))).status_code == 200
    await running.drain()
    assert fake_line[0].texts_to(user) == ["text:hi"]


def _misshapen_line_events(user: str) -> list[dict[str, object]]:
    """Signed LINE events with a field we read of the wrong type or missing: each is taken in and ignored."""
    text = {"type": "text", "id": "1", "text": "hi"}
    return [
        line_event("message", user, "ev-m1", message="not an object"),
        line_event("message", user, "ev-m2", message={"type": "hologram", "id": "2"}),
        line_event("message", user, "ev-m3", message={"id": "3", "text": "no type"}),
        line_event("message", user, "ev-m4", message={"type": "image", "id": 4}),
        line_event("message", user, "ev-m5", message=text, source="not an object"),
        line_event("message", user, "ev-m6", message=text, source={"type": "user", "userId": 6}),
        line_event("message", user, "ev-m7", message=text, replyToken={"token": "x"}),
        line_event("message", user, "ev-m8", message=text, source={"type": "group"}),
        line_event("postback", user, "ev-m9", postback={"no": "data"}),
        line_event("postback", user, "ev-m10", postback=["data"]),
        line_event("teleport", user, "ev-m11"),
        {**line_event("follow", user, "ev-m12"), "type": 12},
    ]


async def test_authenticated_line_events_of_the_wrong_shape_are_taken_and_ignored(
    running: Running, fake_line: tuple[FakeLineApi, str]
) -> None:
    user = fake_line[0].add_user("Mai")
    events = _misshapen_line_events(user)

    assert (await running.post_line(line_body(*events))).status_code == 200

    assert await running.process() == len(events)
    await running.drain()
    assert fake_line[0].texts_to(user) == []
    async with running.state.db.read() as session:
        assert (await pending_count(session), await failed_count(session)) == (0, 0)
    # The person's next well-formed message is answered as usual.
    good = line_event("message", user, "ev-good", message={"type": "text", "id": "9", "text": "hi"})
    assert (await running.post_line(line_body(good))).status_code == 200
    await running.drain()
    assert fake_line[0].texts_to(user) == ["text:hi"]
