"""The whole intake in each of the 15 languages, through the real LINE and Telegram adapters and SDKs.

Every reply after the person picks their language must come from that language's catalog: no English source text
that the catalog translates may reach them, nor an internal code (`north_kanto`, `case 1`), in any step: the danger
message with its help lines, the region buttons, the dates. On LINE the person says they are in danger; on Telegram
that they are not, with a consultation day planned, so both ways of going on are read.
"""

from __future__ import annotations

import datetime as dt
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
from scheduler.hubs import HELP_LINE, REGION, load_hub_map
from storage.db import Database
from storage.models import ConsultationDay
from storage.outbox import pending_count
from tests.bot.conftest import LINE_SECRET, TELEGRAM_SECRET, ManualClock, Running, line_body, line_event
from tests.test_catalogs import template_catalog

# Tapped in this order after the language: consent, urgency, area, prefecture (Gunma), topic.
TAPS = ["consent:yes", "urgency:normal", "hub:north_kanto", "pref:10", "topic:work"]
DANGER_TAPS = ["consent:yes", "urgency:danger", "hub:north_kanto", "pref:10", "topic:family"]

# The letters of each language's own script; Latin-script languages are checked against their catalog instead.
SCRIPTS = {
    "ja_easy": r"[\u3041-\u309f\u30a0-\u30ff]",
    "ja": r"[\u3041-\u30ff\u4e00-\u9fff]",
    "zh_Hans": r"[\u4e00-\u9fff]",
    "ko": r"[\uac00-\ud7af]",
    "th": r"[\u0e00-\u0e7f]",
    "km": r"[\u1780-\u17ff]",
    "my": r"[\u1000-\u109f]",
    "ne": r"[\u0900-\u097f]",
    "si": r"[\u0d80-\u0dff]",
}
INTERNAL = re.compile(
    r"\b(?:hokkaido_tohoku|north_kanto|capital|chubu_tokai|kansai|chugoku_shikoku|kyushu_okinawa)\b"
    r"|\bcase \d+\b|\b(?:urgency|hub|pref|topic|consent|lang):"
)
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff々]+")
_WITH_READING = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff々]+\([ぁ-ゖァ-ヺー]+\)")


def _fragments(text: str) -> list[str]:
    """The literal pieces of a message around its placeholders, long enough to mean something."""
    return [part.strip() for part in re.split(r"\{[a-z_]+\}", text) if len(part.strip()) >= 12]


def english_leaks(code: str, texts: list[str]) -> list[str]:
    """English source fragments in `texts` that the catalog of `code` translates differently."""
    if code == "en":
        return []
    tr = translator(code)
    leaks = []
    for message in template_catalog():
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


def _line_labels(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(label, postback data) of every button shown: quick replies and Flex buttons."""
    found: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            action = node.get("action")
            if isinstance(action, dict) and action.get("type") == "postback":
                found.append((action["label"], action["data"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(messages)
    return found


def _telegram_labels(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    rows = [row for m in messages for row in (m.get("reply_markup") or {}).get("inline_keyboard", [])]
    return [(button["text"], button.get("callback_data", "")) for row in rows for button in row]


def in_script(code: str, text: str) -> bool:
    """More letters of the language's own script than Latin letters (names like "FRESC" may stay Latin)."""
    own = len(re.findall(SCRIPTS[code], text))
    return own > len(re.findall(r"[A-Za-z]", text))


def problems_for(code: str, texts: list[str], labels: list[tuple[str, str]], *, danger: bool) -> list[str]:
    """What a person reading `code` would notice: English, internal codes, names and help lines not in their
    language, unexplained kanji in easy Japanese, an urgent case told to wait a day."""
    tr = translator(code)
    hub_map = load_hub_map()
    shown = texts + [label for label, _ in labels]
    found = english_leaks(code, shown)
    found += [f"internal code in {text[:60]!r}" for text in shown if INTERNAL.search(text)]
    regions = [label for label, data in labels if data.startswith("hub:")]
    if len(regions) < len(hub_map.hubs):
        found.append(f"region buttons missing: {regions}")
    for label in regions:
        if label not in {tr.pgettext(REGION, hub.name_en) for hub in hub_map.hubs.values()}:
            found.append(f"region button {label!r} is not from the catalog")
        if code in SCRIPTS and not in_script(code, label):
            found.append(f"region button {label!r} is not in the {code} script")
    if code == "ja_easy":
        found += [f"kanji without reading in {t[:60]!r}" for t in shown if _KANJI.search(_WITH_READING.sub("", t))]
    if danger:
        help_text = next((t for t in texts if tr.gettext("Numbers that can help:") in t), "")
        for contact in hub_map.national_contacts:
            if tr.pgettext(HELP_LINE, contact.label) not in help_text:
                found.append(f"help line {contact.label!r} not in {code}")
        lines = [line for line in help_text.splitlines() if line.startswith("• ")]
        if code in SCRIPTS:
            found += [f"help line not in the {code} script: {line!r}" for line in lines if not in_script(code, line)]
        wait = tr.gettext("A supporter will answer you here. This usually takes less than {hours} hours.", hours=24)
        found += ["an urgent case was told to wait a day" for t in texts if wait in t]
    return found[:6]


async def _line_intake(
    app: Running, fake: FakeLineApi, code: str, serial: int
) -> tuple[list[str], list[tuple[str, str]]]:
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
    for payload in [f"lang:{code}", *DANGER_TAPS]:
        await post(line_event("postback", user, f"{code}-{next(ids)}", postback={"data": payload}))
    await post(
        line_event(
            "message", user, f"{code}-q", message={"type": "text", "id": f"{serial}01", "text": "3 tháng / 3 months"}
        )
    )
    for payload in ("intake:done", "confirm:send"):
        await post(line_event("postback", user, f"{code}-{next(ids)}", postback={"data": payload}))
    shown = fake.delivered[user][before:]
    return _line_texts(shown), _line_labels(shown)


async def _telegram_intake(
    app: Running, fake: FakeTelegramApi, clock: ManualClock, code: str, serial: int
) -> tuple[list[str], list[tuple[str, str]]]:
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
    shown = fake.delivered[chat][before:]
    return [m.get("text", "") for m in shown], _telegram_labels(shown)


async def test_the_whole_intake_speaks_each_language_on_both_platforms(
    app: Running,
    clock: ManualClock,
    fake_line: tuple[FakeLineApi, str],
    fake_telegram: tuple[FakeTelegramApi, str],
) -> None:
    async with app.state.db.transaction() as session:
        starts = clock() + dt.timedelta(days=5)
        session.add(ConsultationDay(title="Online day", starts_at=starts, ends_at=starts + dt.timedelta(hours=6)))
    problems: dict[str, list[str]] = {}
    for serial, code in enumerate(SUPPORTED_LOCALES):
        tr = translator(code)
        for platform, (texts, labels) in (
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
            if platform == "telegram":  # not urgent: told when the planned consultation day is, in their way
                expected.append(tr.date(starts))
            missing = [e for e in expected if e not in joined]
            leaks = problems_for(code, texts, labels, danger=platform == "line")
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


@pytest.mark.parametrize(
    ("code", "first"),
    [
        ("km", "សួស្ដី ខ្ញុំត្រូវការជំនួយ ថៅកែមិនបើកប្រាក់ខែ"),
        ("th", "สวัสดีค่ะ นายจ้างไม่จ่ายเงินเดือน ช่วยด้วย"),
        ("ne", "नमस्ते, मलाई मद्दत चाहियो, साहूले तलब दिएन"),
    ],
)
async def test_a_person_writing_khmer_thai_or_nepali_gets_110_and_119_in_the_first_reply(
    app: Running,
    clock: ManualClock,
    fake_line: tuple[FakeLineApi, str],
    fake_telegram: tuple[FakeTelegramApi, str],
    code: str,
    first: str,
) -> None:
    tr = translator(code)
    fake = fake_line[0]
    user = fake.add_user("Someone", language=None)
    event = line_event(
        "message", user, f"first-{code}", replyToken=fake.issue_reply_token(user),
        message={"type": "text", "id": f"m-{code}", "text": first},
    )  # fmt: skip
    assert (await app.post_line(line_body(event))).status_code == 200
    await app.drain()
    chat = 61_000 + SUPPORTED_LOCALES.index(code)
    fake_telegram[0].add_chat(chat, "Someone", language_code=None)
    assert (await app.post_telegram(fake_telegram[0].text_update(chat, first))).status_code == 200
    await app.drain()
    for reply in (fake.texts_to(user)[0], fake_telegram[0].delivered[chat][0]["text"]):
        assert "110" in reply
        assert "119" in reply
        assert tr.gettext("If your life is in danger, call now:") in reply
        assert tr.gettext("Police: 110. Fire or ambulance: 119. Both are free and work 24 hours.") in reply
        assert "「たすけて」 (tasukete) – " + tr.gettext("Help me!") in reply
        assert tr.gettext("Please choose your language.") in reply
