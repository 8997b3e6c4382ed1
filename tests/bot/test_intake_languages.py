"""The whole intake in each of the 15 languages, through the real LINE and Telegram adapters and SDKs.

Every reply after the person picks their language must come from that language's catalog: no English source text
that the catalog translates may reach them.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bot.app import create_app
from bot.channels.line import LineChannel
from bot.channels.telegram import TelegramChannel
from bot.sandbox.fake_line import SANDBOX_CHANNEL_ACCESS_TOKEN, FakeLineApi
from bot.sandbox.fake_telegram import SANDBOX_TELEGRAM_TOKEN, FakeTelegramApi
from bot.sandbox.hotline import sandbox_settings
from bot.sandbox.serve import serve_app
from handlers.context import Services
from handlers.i18n import translator
from handlers.language import SUPPORTED_LOCALES
from storage.db import Database
from storage.outbox import pending_count
from tests.bot.conftest import LINE_SECRET, TELEGRAM_SECRET, ManualClock, Running, line_body, line_event
from tests.test_catalogs import _template

# Tapped in this order after the language: consent, urgency, area, prefecture (Gunma), topic.
TAPS = ["consent:yes", "urgency:normal", "hub:north_kanto", "pref:10", "topic:work"]


def _fragments(text: str) -> list[str]:
    """The literal pieces of a message around its placeholders, long enough to mean something."""
    return [part.strip() for part in re.split(r"\{[a-z_]+\}", text) if len(part.strip()) >= 12]


def english_leaks(code: str, texts: list[str]) -> list[str]:
    """English source fragments in `texts` that the catalog of `code` translates differently."""
    if code == "en":
        return []
    tr = translator(code)
    leaks = []
    for message in _template():
        if not message.id or not isinstance(message.id, str):
            continue
        translated = tr.pgettext(message.context, message.id) if message.context else tr.gettext(message.id)
        if translated == message.id:
            continue
        for fragment in _fragments(message.id):
            if fragment in translated:
                continue
            leaks.extend(f"{fragment!r} in {text[:60]!r}" for text in texts if fragment in text)
    return leaks


@pytest.fixture
async def app(
    db: Database,
    clock: ManualClock,
    fake_line: tuple[FakeLineApi, str],
    fake_telegram: tuple[FakeTelegramApi, str],
) -> AsyncIterator[Running]:
    settings = sandbox_settings(fake_line[1], fake_telegram[1], pseudonym_key="a-test-pseudonym-key-of-enough-length")
    services = Services(pseudonym_key=settings.pseudonym_key_bytes(), clock=clock)

    async def wait(seconds: float) -> None:  # Telegram's rate limits pass in the test's time, not ours
        clock.advance(seconds)

    channels = {
        "line": LineChannel(LINE_SECRET, SANDBOX_CHANNEL_ACCESS_TOKEN, fake_line[1], clock=clock),
        "telegram": TelegramChannel(
            SANDBOX_TELEGRAM_TOKEN, TELEGRAM_SECRET, fake_telegram[1], clock=clock, monotonic=clock.epoch, sleep=wait
        ),
    }
    for channel in channels.values():
        await channel.start()
    application = create_app(
        settings, db=db, services=services, clock=clock, channels=channels, run_sender=False, run_timers=False
    )
    try:
        async with serve_app(application) as url, httpx.AsyncClient(base_url=url) as client:
            yield Running(application, url, client)
    finally:
        for channel in channels.values():
            await channel.stop()


def _line_texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m.get("text") or m.get("altText", "") for m in messages]


async def _line_intake(app: Running, fake: FakeLineApi, code: str, serial: int) -> list[str]:
    user = fake.add_user(f"Person {serial}", language=None)
    ids = iter(range(1000))

    async def post(event: dict[str, Any]) -> None:
        response = await app.post_line(line_body(event))
        assert response.status_code == 200
        await app.drain()

    await post(
        line_event("follow", user, f"{code}-f", replyToken=fake.issue_reply_token(user), follow={"isUnblocked": False})
    )
    before = len(fake.delivered.get(user, []))
    for payload in [f"lang:{code}", *TAPS]:
        await post(line_event("postback", user, f"{code}-{next(ids)}", postback={"data": payload}))
    await post(
        line_event(
            "message", user, f"{code}-q", message={"type": "text", "id": f"{serial}01", "text": "3 tháng / 3 months"}
        )
    )
    for payload in ("intake:done", "confirm:send"):
        await post(line_event("postback", user, f"{code}-{next(ids)}", postback={"data": payload}))
    return _line_texts(fake.delivered[user][before:])


async def _telegram_intake(
    app: Running, fake: FakeTelegramApi, clock: ManualClock, code: str, serial: int
) -> list[str]:
    chat = 50_000 + serial
    fake.add_chat(chat, f"Person {serial}", language_code=None)

    async def post(update: dict[str, Any]) -> None:
        response = await app.post_telegram(update)
        assert response.status_code == 200
        await app.drain()
        # A person reads before tapping: Telegram's per-chat limit refills, and retries come due.
        for _ in range(5):
            async with app.state.db.transaction() as session:
                if not await pending_count(session):
                    break
            clock.advance(10)
            await app.drain()

    async def tap(payload: str) -> None:
        shown = fake.delivered[chat]
        message = next(m for m in reversed(shown) if m.get("reply_markup"))
        await post(fake.callback_update(chat, message["message_id"], payload))

    await post(fake.text_update(chat, "/start"))
    before = len(fake.delivered[chat])
    for payload in [f"lang:{code}", *TAPS]:
        await tap(payload)
    await post(fake.text_update(chat, "3 tháng / 3 months"))
    await tap("intake:done")
    await tap("confirm:send")
    return [m.get("text", "") for m in fake.delivered[chat][before:]]


async def test_the_whole_intake_speaks_each_language_on_both_platforms(
    app: Running,
    clock: ManualClock,
    fake_line: tuple[FakeLineApi, str],
    fake_telegram: tuple[FakeTelegramApi, str],
) -> None:
    problems: dict[str, list[str]] = {}
    for serial, code in enumerate(SUPPORTED_LOCALES):
        tr = translator(code)
        for platform, texts in (
            ("line", await _line_intake(app, fake_line[0], code, serial)),
            ("telegram", await _telegram_intake(app, fake_telegram[0], clock, code, serial)),
        ):
            # The person saw the consent notice, the topic question and their case number, in their language.
            joined = "\n".join(texts)
            case_number = tr.gettext("Thank you. Your consultation number is {number}.")
            expected = [
                tr.gettext("Do you agree?"),
                tr.gettext("What is your consultation about?"),
                tr.gettext("Please check your consultation."),
                max(re.split(r"\{number\}", case_number), key=len).strip(),
            ]
            missing = [e for e in expected if e not in joined]
            leaks = english_leaks(code, texts)
            if missing or leaks:
                problems[f"{code}/{platform}"] = [*(f"missing {m!r}" for m in missing), *leaks][:4]
    assert problems == {}


async def test_a_line_follow_is_greeted_in_the_profile_language(
    app: Running, fake_line: tuple[FakeLineApi, str]
) -> None:
    fake = fake_line[0]
    user = fake.add_user("Maria", language="pt-BR")
    event = line_event("follow", user, "f-pt", replyToken=fake.issue_reply_token(user), follow={"isUnblocked": False})
    assert (await app.post_line(line_body(event))).status_code == 200
    await app.drain()
    greeting = fake.texts_to(user) or [m.get("altText", "") for m in fake.messages_to(user)]
    assert translator("pt_BR").gettext("Please choose your language.") in greeting[0]
    assert any(r.path == f"/v2/bot/profile/{user}" for r in fake.requests)


async def test_a_failing_profile_api_costs_the_hint_not_the_greeting(
    app: Running, fake_line: tuple[FakeLineApi, str]
) -> None:
    fake = fake_line[0]
    user = fake.add_user("Someone", language="vi")
    fake.fail_next(500)
    event = line_event("follow", user, "f-x", replyToken=fake.issue_reply_token(user), follow={"isUnblocked": False})
    assert (await app.post_line(line_body(event))).status_code == 200
    await app.drain()
    shown = fake.texts_to(user) or [m.get("altText", "") for m in fake.messages_to(user)]
    assert translator("ja_easy").gettext("Please choose your language.") in shown[0]
