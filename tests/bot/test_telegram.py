"""Telegram updates into the running app; what python-telegram-bot then sent to the fake Bot API."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.channels.telegram import TokenBucket, set_webhook
from bot.sandbox.fake_telegram import SANDBOX_TELEGRAM_TOKEN, FakeTelegramApi
from bot.settings import Settings
from tests.bot.conftest import TELEGRAM_SECRET, Running

Telegram = tuple[FakeTelegramApi, str]
CHAT = 4242


def sends(fake: FakeTelegramApi) -> list[Any]:
    return [r for r in fake.requests if r.path.startswith(f"/bot{SANDBOX_TELEGRAM_TOKEN}/send")]


async def test_a_text_message_is_answered_with_send_message(running: Running, fake_telegram: Telegram) -> None:
    fake = fake_telegram[0]
    assert (await running.post_telegram(fake.text_update(CHAT, "hello"))).status_code == 200
    await running.drain()

    [request] = sends(fake)
    assert request.method == "POST"
    assert request.path == f"/bot{SANDBOX_TELEGRAM_TOKEN}/sendMessage"
    assert request.body["chat_id"] == CHAT
    assert request.body["text"] == "text:hello"
    assert fake.texts_to(CHAT) == ["text:hello"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("/start", "follow:/start"), ("/help@hotline_sandbox_bot", "text:/help@hotline_sandbox_bot")],
)
async def test_start_is_a_follow_and_other_commands_are_text(
    running: Running, fake_telegram: Telegram, text: str, expected: str
) -> None:
    fake = fake_telegram[0]
    await running.post_telegram(fake.text_update(CHAT, text))
    await running.drain()
    assert fake.texts_to(CHAT) == [expected]


async def test_buttons_are_an_inline_keyboard_and_a_tap_is_answered(running: Running, fake_telegram: Telegram) -> None:
    fake = fake_telegram[0]
    await running.post_telegram(fake.text_update(CHAT, "buttons 3"))
    await running.drain()
    [sent] = sends(fake)
    assert sent.body["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "Option 0", "callback_data": "opt:0"}, {"text": "Option 1", "callback_data": "opt:1"}],
            [{"text": "Option 2", "callback_data": "opt:2"}],
        ]
    }
    shown = fake.delivered[CHAT][-1]

    await running.post_telegram(fake.callback_update(CHAT, shown["message_id"], "opt:1"))
    for _ in range(100):  # the answer goes out in the background, right away
        if any(r.path.endswith("/answerCallbackQuery") for r in fake.requests):
            break
        await asyncio.sleep(0.01)
    await running.drain()

    [answer] = [r for r in fake.requests if r.path.endswith("/answerCallbackQuery")]
    assert answer.status == 200
    assert fake.texts_to(CHAT)[-1] == "payload:opt:1"


async def test_edited_messages_and_unused_updates_are_accepted_and_ignored(
    running: Running, fake_telegram: Telegram
) -> None:
    fake = fake_telegram[0]
    message = fake.text_update(CHAT, "typo")["message"]
    for update in (
        {"update_id": 900, "edited_message": {**message, "edit_date": 1}},
        {"update_id": 901, "poll": {"id": "p", "question": "?", "options": [], "total_voter_count": 0,
                                    "is_closed": False, "is_anonymous": True, "type": "regular",
                                    "allows_multiple_answers": False}},
    ):  # fmt: skip
        assert (await running.post_telegram(update)).status_code == 200
    await running.drain()
    assert sends(fake) == []


async def test_a_retried_update_is_processed_once(running: Running, fake_telegram: Telegram) -> None:
    fake = fake_telegram[0]
    update = fake.text_update(CHAT, "once")
    for _ in range(3):
        assert (await running.post_telegram(update)).status_code == 200
    await running.drain()
    assert fake.texts_to(CHAT) == ["text:once"]


async def test_a_long_text_is_split_below_4096(running: Running, fake_telegram: Telegram) -> None:
    fake = fake_telegram[0]
    await running.post_telegram(fake.text_update(CHAT, "long 9000"))
    await running.drain()
    texts = fake.texts_to(CHAT)
    assert len(texts) == 3
    assert all(len(t) < 4096 for t in texts)


async def test_set_webhook_registers_the_secret(fake_telegram: Telegram) -> None:
    fake, url = fake_telegram
    fake.allow_http_webhooks = True
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=SANDBOX_TELEGRAM_TOKEN,
        telegram_webhook_secret=TELEGRAM_SECRET,
        telegram_api_url=url,
    )
    await set_webhook(settings, "https://hotline.example.org/webhooks/telegram")
    [request] = [r for r in fake.requests if r.path.endswith("/setWebhook")]
    assert request.body["url"] == "https://hotline.example.org/webhooks/telegram"
    assert request.body["secret_token"] == TELEGRAM_SECRET


async def test_the_token_bucket_holds_a_broadcast_to_its_rate() -> None:
    now = [0.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    bucket = TokenBucket(30, 30, clock=lambda: now[0], sleep=sleep)
    for _ in range(330):
        await bucket.take()
    assert now[0] == pytest.approx(10.0)  # 30 at once, then 300 at 30 a second
