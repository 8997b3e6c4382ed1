"""The loopback fakes speak what the real SDKs speak: every test here drives them through the SDKs."""

from __future__ import annotations

import datetime as dtm
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from linebot.v3.messaging import (
    AsyncApiClient,
    AsyncMessagingApi,
    Configuration,
    MessageAction,
    PostbackAction,
    PushMessageRequest,
    QuickReply,
    QuickReplyItem,
    ReplyMessageRequest,
    TextMessage,
    ValidateMessageRequest,
)
from linebot.v3.messaging.exceptions import ApiException
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter

from bot.sandbox.fake_line import FakeLineApi
from bot.sandbox.fake_telegram import FakeTelegramApi
from bot.sandbox.serve import serve_app

RETRY_KEY = "123e4567-e89b-12d3-a456-426614174000"
KHMER_WORD = "សួស្តី"  # "hello": 6 code points, 2 graphemes (សួ and ស្តី)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_750_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# -- LINE


@pytest.fixture
async def line(clock: FakeClock) -> AsyncIterator[tuple[FakeLineApi, str]]:
    fake = FakeLineApi(reply_token_lifetime=60.0, clock=clock)
    async with serve_app(fake) as base_url:
        yield fake, base_url


@pytest.fixture
async def line_api(line: tuple[FakeLineApi, str]) -> AsyncIterator[AsyncMessagingApi]:
    fake, base_url = line
    async with AsyncApiClient(Configuration(host=base_url, access_token=fake.channel_access_token)) as client:
        yield AsyncMessagingApi(client)


def _with_choices(text: str, *labels: str) -> TextMessage:
    items = [QuickReplyItem(action=PostbackAction(label=label, data=f"pick={label}")) for label in labels]
    return TextMessage(text=text, quickReply=QuickReply(items=items))


async def test_line_push_with_quick_replies_reaches_the_user(
    line: tuple[FakeLineApi, str], line_api: AsyncMessagingApi
) -> None:
    fake, _ = line
    user = fake.add_user("Lan", language="vi")

    response = await line_api.push_message(
        PushMessageRequest(to=user, messages=[_with_choices("Chọn ngôn ngữ", "Tiếng Việt", "日本語")])
    )

    assert len(response.sent_messages) == 1
    (shown,) = fake.messages_to(user)
    assert shown["text"] == "Chọn ngôn ngữ"
    assert [item["action"]["label"] for item in shown["quickReply"]["items"]] == ["Tiếng Việt", "日本語"]
    assert fake.requests[-1].path == "/v2/bot/message/push"
    assert fake.requests[-1].body["to"] == user


async def test_line_profile_and_bot_info(line: tuple[FakeLineApi, str], line_api: AsyncMessagingApi) -> None:
    fake, _ = line
    user = fake.add_user("Sokha", language="km")

    profile = await line_api.get_profile(user)
    info = await line_api.get_bot_info()

    assert (profile.display_name, profile.language) == ("Sokha", "km")
    assert info.user_id == fake.bot_user_id
    with pytest.raises(ApiException) as unknown:
        await line_api.get_profile("U" + "f" * 32)
    assert unknown.value.status == 404


async def test_line_reply_token_is_single_use(line: tuple[FakeLineApi, str], line_api: AsyncMessagingApi) -> None:
    fake, _ = line
    user = fake.add_user("Ana", language="pt")
    token = fake.issue_reply_token(user)

    await line_api.reply_message(ReplyMessageRequest(replyToken=token, messages=[TextMessage(text="Olá")]))
    with pytest.raises(ApiException) as reused:
        await line_api.reply_message(ReplyMessageRequest(replyToken=token, messages=[TextMessage(text="de novo")]))

    assert reused.value.status == 400
    assert "Invalid reply token" in str(reused.value.body)
    assert fake.texts_to(user) == ["Olá"]


async def test_line_expired_reply_token_is_refused(
    line: tuple[FakeLineApi, str], line_api: AsyncMessagingApi, clock: FakeClock
) -> None:
    fake, _ = line
    user = fake.add_user("Ana")
    token = fake.issue_reply_token(user)
    clock.advance(61)

    with pytest.raises(ApiException) as expired:
        await line_api.reply_message(ReplyMessageRequest(replyToken=token, messages=[TextMessage(text="late")]))

    assert expired.value.status == 400
    assert "Invalid reply token" in str(expired.value.body)
    assert fake.texts_to(user) == []


async def test_line_retry_key_delivers_once(line: tuple[FakeLineApi, str], line_api: AsyncMessagingApi) -> None:
    fake, _ = line
    user = fake.add_user("Minh")
    request = PushMessageRequest(to=user, messages=[TextMessage(text="Your case was received")])

    await line_api.push_message(request, x_line_retry_key=RETRY_KEY)
    with pytest.raises(ApiException) as again:
        await line_api.push_message(request, x_line_retry_key=RETRY_KEY)

    assert again.value.status == 409
    assert again.value.headers["x-line-accepted-request-id"]
    assert fake.texts_to(user) == ["Your case was received"]


async def test_line_failed_pushes_are_recorded_not_delivered_and_the_key_stays_usable(
    line: tuple[FakeLineApi, str], line_api: AsyncMessagingApi
) -> None:
    fake, _ = line
    user = fake.add_user("Minh")
    request = PushMessageRequest(to=user, messages=[TextMessage(text="hello")])
    fake.fail_next(500, count=2)

    for _ in range(2):
        with pytest.raises(ApiException) as failed:
            await line_api.push_message(request, x_line_retry_key=RETRY_KEY)
        assert failed.value.status == 500
    await line_api.push_message(request, x_line_retry_key=RETRY_KEY)

    assert [r.status for r in fake.requests] == [500, 500, 200]
    assert fake.texts_to(user) == ["hello"]


async def test_line_outage_answers_429_until_it_passes(
    line: tuple[FakeLineApi, str], line_api: AsyncMessagingApi, clock: FakeClock
) -> None:
    fake, _ = line
    user = fake.add_user("Minh")
    request = PushMessageRequest(to=user, messages=[TextMessage(text="hello")])
    fake.fail_for(30, status=429)

    with pytest.raises(ApiException) as limited:
        await line_api.push_message(request)
    clock.advance(31)
    await line_api.push_message(request)

    assert limited.value.status == 429
    assert "rate limit" in str(limited.value.body)
    assert fake.texts_to(user) == ["hello"]


async def test_line_wrong_token_is_unauthorized(line: tuple[FakeLineApi, str]) -> None:
    fake, base_url = line
    async with AsyncApiClient(Configuration(host=base_url, access_token="stolen")) as client:
        with pytest.raises(ApiException) as refused:
            await AsyncMessagingApi(client).push_message(
                PushMessageRequest(to=fake.add_user("X"), messages=[TextMessage(text="hi")])
            )
    assert refused.value.status == 401
    assert fake.delivered == {}


async def test_line_labels_are_counted_in_graphemes(line: tuple[FakeLineApi, str], line_api: AsyncMessagingApi) -> None:
    fake, _ = line
    user = fake.add_user("Sokha", language="km")
    fits = KHMER_WORD * 10  # 20 graphemes, 60 code points
    too_long = KHMER_WORD * 10 + "!"  # 21 graphemes

    await line_api.push_message(PushMessageRequest(to=user, messages=[_with_choices("ok", fits)]))
    with pytest.raises(ApiException) as refused:
        await line_api.push_message(PushMessageRequest(to=user, messages=[_with_choices("no", too_long)]))

    assert refused.value.status == 400
    assert "messages[0].quickReply.items[0].action.label" in str(refused.value.body)
    assert fake.texts_to(user) == ["ok"]


def _text_with_actions(*actions: dict[str, str]) -> dict[str, object]:
    items = [{"type": "action", "action": action} for action in actions]
    return {"type": "text", "text": "x", "quickReply": {"items": items}}


_REPLY_HELP = {"type": "message", "label": "help", "text": "help"}


@pytest.mark.parametrize(
    ("messages", "property_"),
    [
        ([{"type": "text", "text": "x"}] * 6, "messages"),
        ([{"type": "text", "text": "😀" * 2501}], "messages[0].text"),  # 5002 UTF-16 units
        ([{"type": "text", "text": ""}], "messages[0].text"),
        ([_text_with_actions(*[_REPLY_HELP] * 14)], "messages[0].quickReply.items"),
        (
            [_text_with_actions({"type": "uri", "label": "a", "uri": "https://example.org"})],
            "messages[0].quickReply.items[0].action.type",
        ),
        (
            [_text_with_actions({"type": "postback", "label": "a", "data": "d" * 301})],
            "messages[0].quickReply.items[0].action.data",
        ),
    ],
)
async def test_line_refuses_what_the_platform_refuses(
    line: tuple[FakeLineApi, str], messages: list[object], property_: str
) -> None:
    # Raw HTTP: the SDK's own models already stop some of these before sending.
    fake, base_url = line
    user = fake.add_user("X")
    async with httpx.AsyncClient(base_url=base_url) as client:
        response = await client.post(
            "/v2/bot/message/push",
            json={"to": user, "messages": messages},
            headers={"Authorization": f"Bearer {fake.channel_access_token}"},
        )
    assert response.status_code == 400
    assert property_ in [detail["property"] for detail in response.json()["details"]]
    assert fake.delivered == {}


async def test_line_validate_endpoint_accepts_a_message_action(
    line: tuple[FakeLineApi, str], line_api: AsyncMessagingApi
) -> None:
    message = TextMessage(
        text="?",
        quickReply=QuickReply(items=[QuickReplyItem(action=MessageAction(label="help", text="help"))]),
    )
    await line_api.validate_push(ValidateMessageRequest(messages=[message]))
    assert line[0].requests[-1].status == 200


# -- Telegram


@pytest.fixture
def ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 warns on every RetryAfter unless opted in to timedelta durations.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def telegram(clock: FakeClock, ptb_timedelta: None) -> AsyncIterator[tuple[FakeTelegramApi, Bot]]:
    fake = FakeTelegramApi(per_chat_burst=3, clock=clock)
    async with serve_app(fake) as base_url, Bot(fake.token, base_url=f"{base_url}/bot") as bot:
        yield fake, bot


CHAT = 700_000_001


async def test_telegram_initialize_reads_get_me(telegram: tuple[FakeTelegramApi, Bot]) -> None:
    fake, bot = telegram
    assert bot.username == fake.bot_user["username"]
    assert fake.requests[0].path.endswith("/getMe")


async def test_telegram_send_message_with_inline_keyboard(telegram: tuple[FakeTelegramApi, Bot]) -> None:
    fake, bot = telegram
    fake.add_chat(CHAT, "Lan", "vi")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Đồng ý", callback_data="consent:yes")]])

    first = await bot.send_message(CHAT, "Bạn có đồng ý không?", reply_markup=keyboard)
    second = await bot.send_message(CHAT, "Cảm ơn")

    assert second.message_id > first.message_id
    assert first.chat_id == CHAT
    assert first.reply_markup == keyboard
    assert fake.texts_to(CHAT) == ["Bạn có đồng ý không?", "Cảm ơn"]
    assert fake.requests[1].body["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "consent:yes"
    assert fake.requests[1].body["chat_id"] == CHAT


async def test_telegram_json_posts_are_understood_too(telegram: tuple[FakeTelegramApi, Bot]) -> None:
    fake, bot = telegram
    fake.add_chat(CHAT)
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{bot.base_url}/sendMessage", json={"chat_id": str(CHAT), "text": "123"})
    assert response.json()["result"]["text"] == "123"


async def test_telegram_callback_query_is_answered_once(telegram: tuple[FakeTelegramApi, Bot]) -> None:
    fake, bot = telegram
    fake.add_chat(CHAT)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Accept", callback_data="offer:1:accept")]])
    sent = await bot.send_message(CHAT, "New case", reply_markup=keyboard)
    update = fake.callback_update(CHAT, sent.message_id, "offer:1:accept")
    query_id = update["callback_query"]["id"]

    assert await bot.answer_callback_query(query_id, text="Accepted") is True
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)


async def test_telegram_edits_change_what_the_chat_shows(telegram: tuple[FakeTelegramApi, Bot]) -> None:
    fake, bot = telegram
    fake.add_chat(CHAT)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Accept", callback_data="a")]])
    sent = await bot.send_message(CHAT, "New case", reply_markup=keyboard)

    await bot.edit_message_text("Case taken", chat_id=CHAT, message_id=sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_reply_markup(chat_id=CHAT, message_id=sent.message_id)

    (shown,) = fake.delivered[CHAT]
    assert shown["text"] == "Case taken"
    assert "reply_markup" not in shown


async def test_telegram_rate_limit_surfaces_as_retry_after(
    telegram: tuple[FakeTelegramApi, Bot], clock: FakeClock
) -> None:
    fake, bot = telegram
    fake.add_chat(CHAT)
    with pytest.raises(BadRequest):
        await bot.send_message(CHAT, "")  # refused sends do not count against the limit
    for index in range(3):
        await bot.send_message(CHAT, f"burst {index}")

    with pytest.raises(RetryAfter) as limited:
        await bot.send_message(CHAT, "one too many")
    clock.advance(1)
    await bot.send_message(CHAT, "after waiting")

    assert limited.value.retry_after == dtm.timedelta(seconds=1)
    assert fake.texts_to(CHAT) == ["burst 0", "burst 1", "burst 2", "after waiting"]
    assert fake.requests[-2].status == 429


async def test_telegram_global_limit_spans_chats(clock: FakeClock, ptb_timedelta: None) -> None:
    fake = FakeTelegramApi(global_per_second=2, clock=clock)
    async with serve_app(fake) as base_url, Bot(fake.token, base_url=f"{base_url}/bot") as bot:
        for chat in (1, 2, 3):
            fake.add_chat(chat)
        await bot.send_message(1, "a")
        await bot.send_message(2, "b")
        with pytest.raises(RetryAfter):
            await bot.send_message(3, "c")
    assert 3 not in fake.delivered


async def test_telegram_refuses_oversize_callback_data(telegram: tuple[FakeTelegramApi, Bot]) -> None:
    fake, bot = telegram
    fake.add_chat(CHAT)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 33)]])  # 66 bytes

    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(CHAT, "too much data", reply_markup=keyboard)
    assert CHAT not in fake.delivered


async def test_telegram_refuses_long_text_and_unknown_chats(telegram: tuple[FakeTelegramApi, Bot]) -> None:
    fake, bot = telegram
    fake.add_chat(CHAT)

    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(CHAT, "😀" * 2049)  # 4098 UTF-16 units
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(CHAT + 1, "hello?")
    assert fake.delivered == {}


async def test_telegram_outage_then_recovery(telegram: tuple[FakeTelegramApi, Bot]) -> None:
    fake, bot = telegram
    fake.add_chat(CHAT)
    fake.fail_next(502)

    with pytest.raises(NetworkError):
        await bot.send_message(CHAT, "lost?")
    await bot.send_message(CHAT, "lost?")

    assert fake.texts_to(CHAT) == ["lost?"]


async def test_telegram_wrong_token_is_refused(clock: FakeClock) -> None:
    fake = FakeTelegramApi(clock=clock)
    async with serve_app(fake) as base_url:
        bot = Bot("1000000001:wrong", base_url=f"{base_url}/bot")
        with pytest.raises(InvalidToken):
            await bot.initialize()
        await bot.shutdown()


async def test_telegram_webhook_registration(telegram: tuple[FakeTelegramApi, Bot]) -> None:
    fake, bot = telegram

    with pytest.raises(BadRequest, match=r"(?i)https url must be provided"):
        await bot.set_webhook("http://example.org/webhooks/telegram")
    await bot.set_webhook("https://hotline.example.org/webhooks/telegram", secret_token="s3cret_token")
    info = await bot.get_webhook_info()

    assert info.url == "https://hotline.example.org/webhooks/telegram"
    assert fake.webhook is not None
    assert fake.webhook.secret_token == "s3cret_token"
    await bot.delete_webhook()
    assert fake.webhook is None


async def test_telegram_documents_and_copies(telegram: tuple[FakeTelegramApi, Bot]) -> None:
    fake, bot = telegram
    fake.add_chat(CHAT)
    supporter = CHAT + 1
    fake.add_chat(supporter)
    inbound = fake.text_update(CHAT, "My employer kept my passport")["message"]

    await bot.send_document(CHAT, b"%PDF-1.4 guide", filename="guide.pdf", caption="Guide")
    copied = await bot.copy_message(supporter, from_chat_id=CHAT, message_id=inbound["message_id"])

    assert fake.delivered[CHAT][0]["document"]["file_name"] == "guide.pdf"
    assert fake.texts_to(supporter) == ["My employer kept my passport"]
    assert copied.message_id > inbound["message_id"]


# -- serve_app


async def test_serve_app_runs_lifespan_and_stops() -> None:
    events: list[str] = []

    async def hello(_request: object) -> PlainTextResponse:
        return PlainTextResponse("hello")

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        events.append("start")
        yield
        events.append("stop")

    app = Starlette(routes=[Route("/", hello)], lifespan=lifespan)
    async with serve_app(app, lifespan="on") as base_url, httpx.AsyncClient() as client:
        assert (await client.get(base_url)).text == "hello"

    assert events == ["start", "stop"]
    async with httpx.AsyncClient() as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(base_url)


async def test_serve_app_reports_a_failing_startup() -> None:
    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        raise RuntimeError("database unreachable")
        yield

    with pytest.raises(RuntimeError, match="failed to start"):
        async with serve_app(Starlette(lifespan=lifespan), lifespan="on"):
            pass
