"""Signed LINE webhooks into the running app; what the SDK then sent to the fake LINE API."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from bot.sandbox.fake_line import SANDBOX_CHANNEL_ACCESS_TOKEN, FakeLineApi
from storage.models import OutboxMessage, ProcessedEvent
from tests.bot.conftest import ManualClock, Running, line_body, line_event

Line = tuple[FakeLineApi, str]


def sends(fake: FakeLineApi) -> list[Any]:
    return [r for r in fake.requests if r.path.startswith("/v2/bot/message/")]


async def test_a_text_message_is_answered_with_the_reply_token(running: Running, fake_line: Line) -> None:
    fake = fake_line[0]
    user = fake.add_user("Mai")
    token = fake.issue_reply_token(user)
    event = line_event("message", user, "ev-1", replyToken=token, message={"type": "text", "id": "1", "text": "hi"})

    response = await running.post_line(line_body(event))
    assert response.status_code == 200
    assert await running.drain() == 1

    [request] = sends(fake)
    assert request.path == "/v2/bot/message/reply"
    assert request.headers["authorization"] == f"Bearer {SANDBOX_CHANNEL_ACCESS_TOKEN}"
    assert request.body == {
        "replyToken": token,
        "messages": [{"type": "text", "text": "text:hi"}],
        "notificationDisabled": False,
    }
    assert request.status == 200


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"type": "follow", "follow": {"isUnblocked": False}}, "follow:"),
        ({"type": "postback", "postback": {"data": "lang:vi"}}, "payload:lang:vi"),
        ({"type": "message", "message": {"type": "image", "id": "77", "contentProvider": {"type": "line"}}}, "media:"),
        ({"type": "message", "message": {"type": "file", "id": "78", "fileName": "a.pdf", "fileSize": 3}}, "media:"),
        (
            {"type": "message", "message": {"type": "sticker", "id": "79", "packageId": "1", "stickerId": "2",
                                            "stickerResourceType": "STATIC"}},
            "sticker:",
        ),
        (
            {"type": "message", "message": {"type": "location", "id": "80", "latitude": 35.0, "longitude": 139.0}},
            "other:",
        ),
    ],
)  # fmt: skip
async def test_each_user_event_type_becomes_one_reply(
    running: Running, fake_line: Line, extra: dict[str, Any], expected: str
) -> None:
    fake = fake_line[0]
    user = fake.add_user("Mai")
    token = fake.issue_reply_token(user)
    event = line_event(extra.pop("type"), user, "ev-2", replyToken=token, **extra)

    assert (await running.post_line(line_body(event))).status_code == 200
    await running.drain()

    assert fake.texts_to(user) == [expected]


async def test_a_group_message_is_answered_in_the_group(running: Running, fake_line: Line) -> None:
    fake = fake_line[0]
    group = "C" + "1" * 32
    token = fake.issue_reply_token(group)
    event = line_event(
        "message",
        "unused",
        "ev-3",
        replyToken=token,
        message={"type": "text", "id": "1", "text": "hello all"},
    )
    event["source"] = {"type": "group", "groupId": group, "userId": "U" + "2" * 32}

    assert (await running.post_line(line_body(event))).status_code == 200
    await running.drain()

    [request] = sends(fake)
    assert request.body["replyToken"] == token
    assert request.body["messages"][0]["text"] == "group:"


@pytest.mark.parametrize(
    "event",
    [
        {"type": "unsend", "unsend": {"messageId": "325708"}},
        {"type": "beacon", "beacon": {"hwid": "d41d8cd98f", "type": "enter"}},
        {"type": "videoPlayComplete", "videoPlayComplete": {"trackingId": "track-id"}},
        {"type": "somethingNew", "whatever": 1},
    ],
)
async def test_events_we_do_not_use_are_accepted_and_change_nothing(
    running: Running, fake_line: Line, event: dict[str, Any]
) -> None:
    fake = fake_line[0]
    user = fake.add_user("Mai")
    body = line_body(line_event(event.pop("type"), user, "ev-4", **event))

    assert (await running.post_line(body)).status_code == 200
    await running.drain()

    assert sends(fake) == []
    async with running.state.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(ProcessedEvent)) == 0


async def test_unfollow_is_taken_in_without_a_message(running: Running, fake_line: Line) -> None:
    fake = fake_line[0]
    user = fake.add_user("Mai")

    assert (await running.post_line(line_body(line_event("unfollow", user, "ev-5")))).status_code == 200
    await running.drain()

    assert sends(fake) == []
    async with running.state.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(ProcessedEvent)) == 1


async def test_a_stale_reply_token_falls_back_to_a_push_with_the_rows_retry_key(
    running: Running, fake_line: Line, clock: ManualClock
) -> None:
    fake = fake_line[0]
    user = fake.add_user("Mai")
    token = fake.issue_reply_token(user)
    event = line_event("message", user, "ev-6", replyToken=token, message={"type": "text", "id": "1", "text": "hi"})
    await running.post_line(line_body(event))
    await running.process()
    async with running.state.db.transaction() as session:
        retry_key = (await session.scalars(select(OutboxMessage.retry_key))).one()

    clock.advance(120)  # the token is past our 50 s and LINE's 60 s
    await running.drain()

    [request] = sends(fake)
    assert request.path == "/v2/bot/message/push"
    assert request.headers["x-line-retry-key"] == retry_key
    assert request.body == {
        "to": user,
        "messages": [{"type": "text", "text": "text:hi"}],
        "notificationDisabled": False,
    }


async def test_an_invalid_reply_token_falls_back_to_a_push(running: Running, fake_line: Line) -> None:
    fake = fake_line[0]
    user = fake.add_user("Mai")
    event = line_event(
        "message", user, "ev-7", replyToken="never-issued", message={"type": "text", "id": "1", "text": "hi"}
    )
    await running.post_line(line_body(event))
    await running.drain()

    assert [r.path for r in sends(fake)] == ["/v2/bot/message/reply", "/v2/bot/message/push"]
    assert fake.texts_to(user) == ["text:hi"]


async def test_up_to_13_buttons_are_quick_replies_and_more_a_flex_message(running: Running, fake_line: Line) -> None:
    fake = fake_line[0]
    user = fake.add_user("Mai")
    for number, count in ((1, 13), (2, 14)):
        token = fake.issue_reply_token(user)
        message = {"type": "text", "id": str(number), "text": f"buttons {count}"}
        await running.post_line(
            line_body(line_event("message", user, f"ev-b{number}", replyToken=token, message=message))
        )
        await running.drain()

    quick, flex = (r.body["messages"] for r in sends(fake))
    items = quick[0]["quickReply"]["items"]
    assert len(items) == 13
    assert items[0]["action"] == {
        "type": "postback",
        "label": "Option 0",
        "data": "opt:0",
        "displayText": "Option 0",
    }
    assert flex[0] == {"type": "text", "text": "Choose"}
    assert flex[1]["type"] == "flex"
    buttons = [box for bubble in flex[1]["contents"]["contents"] for box in bubble["body"]["contents"]]
    assert [b["action"]["data"] for b in buttons] == [f"opt:{i}" for i in range(14)]


async def test_a_long_text_is_split_below_5000_characters(running: Running, fake_line: Line) -> None:
    fake = fake_line[0]
    user = fake.add_user("Mai")
    token = fake.issue_reply_token(user)
    message = {"type": "text", "id": "1", "text": "long 12000"}
    await running.post_line(line_body(line_event("message", user, "ev-l", replyToken=token, message=message)))
    await running.drain()

    texts = fake.texts_to(user)
    assert len(texts) == 3
    assert all(len(t) < 5000 for t in texts)
    assert "".join(texts) == "あ" * 12000


async def test_a_redelivered_event_is_answered_once(running: Running, fake_line: Line) -> None:
    fake = fake_line[0]
    user = fake.add_user("Mai")
    token = fake.issue_reply_token(user)
    event = line_event("message", user, "ev-r", replyToken=token, message={"type": "text", "id": "1", "text": "hi"})
    await running.post_line(line_body(event))
    event["deliveryContext"] = {"isRedelivery": True}
    await running.post_line(line_body(event))
    await running.drain()

    assert fake.texts_to(user) == ["text:hi"]
