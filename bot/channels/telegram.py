"""Telegram through python-telegram-bot 22, with `updater(None)`: our app receives the webhooks."""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import json
import os
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx
import structlog

# python-telegram-bot 22 warns on every RetryAfter unless it may give timedeltas (its future default).
os.environ.setdefault("PTB_TIMEDELTA", "true")

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application, ApplicationBuilder
from telegram.request import HTTPXRequest

from bot.channels.base import (
    Begin,
    ChannelUnavailable,
    Delivery,
    OutcomeUnknown,
    PermanentDelivery,
    Receipt,
    RetryableDelivery,
    WebhookRejected,
    grapheme_length,
    proceed,
    split_text,
    utf16_length,
)
from bot.media import MediaFiles, file_name
from bot.settings import Settings
from handlers.audio import to_ogg_opus
from handlers.media import MAX_MEDIA_BYTES, Download, MediaGone, MediaTooLarge, MediaUnavailable
from handlers.messages import FOLLOW, GROUP, MEDIA, OTHER, PAYLOAD, STICKER, TEXT, UNFOLLOW, Inbound, Outbound
from storage.inbox import NewEvent

log = structlog.get_logger()

# Limits the Bot API documents.
MAX_TEXT_UNITS = 4096  # UTF-16 code units
TEXT_PART_UNITS = 4000  # "below 4096", leaving room for a caption-free split
MAX_CALLBACK_DATA_BYTES = 64
MAX_CAPTION_UNITS = 1024
SHORT_LABEL = 16  # two buttons a row when every label is at most this long
GLOBAL_PER_SECOND = 30.0
PER_CHAT_PER_SECOND = 1.0
PER_CHAT_BURST = 3.0
UNREACHABLE_RETRY_SECONDS = 600.0
SEND_TIMEOUT = 15.0  # seconds to write a request and to read its answer
# Failures of the transport before a request was written: Telegram cannot have it, so it is sent again. Any other
# failure of the transport (a read or write timeout, a connection dropped mid-request) may come after Telegram
# took the message, and the Bot API has no idempotency key: that delivery is `unknown`, never repeated.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name, not a secret)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class TokenBucket:
    """`rate` sends a second on average, `burst` at once. `take()` waits until a send is allowed."""

    def __init__(
        self,
        rate: float,
        burst: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._tokens = burst
        self._last = clock()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now

    @property
    def full(self) -> bool:
        self._refill()
        return self._tokens >= self.burst

    async def take(self) -> None:
        async with self._lock:  # first come, first served
            self._refill()
            if self._tokens < 1.0:
                await self._sleep((1.0 - self._tokens) / self.rate)
                self._refill()
                # We waited for exactly one token; rounding must not send us back to sleep for 1e-17 s.
                self._tokens = max(self._tokens, 1.0)
            self._tokens -= 1.0


class _ChatBuckets:
    """One bucket per chat, forgetting chats whose bucket is full again (they would start full anyway)."""

    def __init__(self, make: Callable[[], TokenBucket], keep: int = 10_000) -> None:
        self._make = make
        self._keep = keep
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def __getitem__(self, chat: str) -> TokenBucket:
        bucket = self._buckets.get(chat)
        if bucket is None:
            if len(self._buckets) >= self._keep:
                for key in [k for k, b in self._buckets.items() if b.full][: self._keep // 2]:
                    del self._buckets[key]
            bucket = self._buckets[chat] = self._make()
        self._buckets.move_to_end(chat)
        return bucket


def keyboard(buttons: tuple[Any, ...]) -> InlineKeyboardMarkup | None:
    """Buttons as an inline keyboard: two a row when the labels are short, else one a row."""
    if not buttons:
        return None
    for button in buttons:
        if len(button.payload.encode()) > MAX_CALLBACK_DATA_BYTES:
            raise PermanentDelivery(f"callback_data over {MAX_CALLBACK_DATA_BYTES} bytes")
    # Telegram sets no limit on a button's text but shows one line of it: judge the width as the eye does.
    per_row = 2 if all(grapheme_length(b.label) <= SHORT_LABEL for b in buttons) else 1
    keys = [InlineKeyboardButton(b.label, callback_data=b.payload) for b in buttons]
    return InlineKeyboardMarkup([keys[i : i + per_row] for i in range(0, len(keys), per_row)])


def _sender(update: dict[str, Any]) -> str:
    """The chat an update belongs to (the same address `_inbound` gives it), "" when it names none."""
    for kind in ("callback_query", "message", "my_chat_member", "edited_message"):
        part = update.get(kind)
        if not isinstance(part, dict):
            continue
        holder = part.get("message") if kind == "callback_query" else part
        chat = holder.get("chat") if isinstance(holder, dict) else None
        if isinstance(chat, dict) and isinstance(chat.get("id"), int):
            return str(chat["id"])
        author = part.get("from")
        if isinstance(author, dict) and isinstance(author.get("id"), int):
            return str(author["id"])
    return ""


def _command(text: str) -> str | None:
    """ "/help@HotlineBot now" -> "/help"; None when the text is not a command."""
    if not text.startswith("/"):
        return None
    word = text.split(maxsplit=1)[0]
    return word.split("@", 1)[0].lower()


class TelegramChannel:
    """The Telegram Bot API through PTB's Application (no updater: webhooks come through our app)."""

    name = "telegram"
    max_messages_per_call = 1

    def __init__(
        self,
        token: str,
        webhook_secret: str,
        api_url: str = "https://api.telegram.org",
        *,
        clock: Callable[[], dt.datetime] = _utcnow,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        global_per_second: float = GLOBAL_PER_SECOND,
        per_chat_per_second: float = PER_CHAT_PER_SECOND,
        per_chat_burst: float = PER_CHAT_BURST,
        media_files: MediaFiles | None = None,
        send_timeout: float = SEND_TIMEOUT,
    ) -> None:
        self._token = token
        self._send_timeout = send_timeout
        self._media_files = media_files
        self._secret = webhook_secret.encode()
        self._api_url = api_url
        self._clock = clock
        self._application: Application[Any, Any, Any, Any, Any, Any] | None = None
        self._ready = False  # getMe answered: the API is reachable and knows our token
        # No burst: Telegram counts a sliding second, so a full bucket's burst plus the refill would overshoot it.
        self._global = TokenBucket(global_per_second, 1.0, clock=monotonic, sleep=sleep)
        self._chats = _ChatBuckets(
            lambda: TokenBucket(per_chat_per_second, per_chat_burst, clock=monotonic, sleep=sleep)
        )
        self._background: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Build the client (webhooks can be read from then on) and check the token with getMe.

        Raises ChannelUnavailable when the API cannot be reached or refuses the token; call it again to retry.
        """
        if self._application is None:
            self._application = _application(self._token, self._api_url, self._send_timeout)
        try:
            await self._application.initialize()
        except InvalidToken:  # its message carries the token
            raise ChannelUnavailable("Telegram refused the token (HOTLINE_TELEGRAM_TOKEN)") from None
        except TelegramError as exc:
            reason = _reason(exc).replace(self._token, "…")
            raise ChannelUnavailable(f"cannot reach the Telegram API at {self._api_url}: {reason}") from None
        self._ready = True

    @property
    def ready(self) -> bool:
        return self._ready

    async def stop(self) -> None:
        for task in list(self._background):
            await task
        if self._application is not None:
            if self._ready:
                await self._application.shutdown()
            else:  # never initialised: the application would skip closing the bot's HTTP clients
                await self._application.bot.shutdown()
        self._application = None
        self._ready = False

    @property
    def bot(self) -> Bot:
        if self._application is None:
            raise RuntimeError("TelegramChannel.start() was not awaited")
        bot: Bot = self._application.bot
        return bot

    # Inbound

    def authenticate(self, headers: Mapping[str, str]) -> None:
        """The secret token Telegram sends with each webhook, checked before the body is read."""
        header = headers.get(SECRET_HEADER.lower())
        if header is None or not hmac.compare_digest(header.encode(), self._secret):
            raise WebhookRejected(403, "wrong X-Telegram-Bot-Api-Secret-Token")

    def receive(self, body: bytes, headers: Mapping[str, str]) -> list[NewEvent]:
        """The update, kept raw (the secret was checked by `authenticate`). Raises WebhookRejected(400) for a
        body that is not an update."""
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            raise WebhookRejected(400, "body is not JSON") from None
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            raise WebhookRejected(400, "body is not a Telegram update")
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return [NewEvent(self.name, f"tg:{data['update_id']}", _sender(data), raw)]

    async def read(self, raw: str, received_at: dt.datetime) -> list[Inbound]:
        """The update as a plain inbound message. Answers a callback query at once (in the background) so
        the button's spinner stops."""
        try:
            data = json.loads(raw)
            update = Update.de_json(data, self.bot)
            inbound = self._inbound(update, received_at) if update is not None else None
        except (TypeError, ValueError, KeyError, AttributeError, RecursionError):
            # A part PTB cannot read (a newer API type, a broken client): refusing would make Telegram retry
            # it for hours, so it is taken and ignored.
            log.info("telegram.update_unreadable")
            return []
        if inbound is None:
            log.info("telegram.update_ignored", kinds=[str(k)[:32] for k in data if k != "update_id"][:5])
            return []
        return [inbound]

    def _inbound(self, update: Update, now: dt.datetime) -> Inbound | None:
        event_id = f"tg:{update.update_id}"
        if update.callback_query is not None:
            query = update.callback_query
            self._answer_soon(query.id)
            chat = query.message.chat if query.message is not None else None
            address = str(chat.id if chat is not None else query.from_user.id)
            if chat is not None and chat.type != ChatType.PRIVATE:
                return Inbound("telegram", address, GROUP, event_id, received_at=now)
            return Inbound(
                "telegram",
                address,
                PAYLOAD,
                event_id,
                payload=query.data,
                locale_hint=query.from_user.language_code,
                received_at=now,
            )
        if update.my_chat_member is not None:
            member = update.my_chat_member
            if member.chat.type == ChatType.PRIVATE and member.new_chat_member.status in (
                ChatMemberStatus.BANNED,  # "kicked": the person blocked the bot
                ChatMemberStatus.LEFT,
            ):
                return Inbound("telegram", str(member.chat.id), UNFOLLOW, event_id, received_at=now)
            return None
        message = update.message  # edited messages, channel posts and the rest are not used
        if message is None:
            return None
        address = str(message.chat.id)
        hint = message.from_user.language_code if message.from_user is not None else None
        common: dict[str, Any] = {"locale_hint": hint, "received_at": now}
        if message.chat.type != ChatType.PRIVATE:
            return Inbound("telegram", address, GROUP, event_id, received_at=now)
        if isinstance(message.text, str):
            command = _command(message.text)
            if command == "/start":
                return Inbound("telegram", address, FOLLOW, event_id, text=message.text, **common)
            return Inbound("telegram", address, TEXT, event_id, text=message.text, **common)
        media = _media(message)
        if media is not None:
            media_type, ref = media
            return Inbound(
                "telegram", address, MEDIA, event_id, text=message.caption, media_type=media_type,
                media_ref=ref, **common,
            )  # fmt: skip
        if message.sticker is not None:
            return Inbound("telegram", address, STICKER, event_id, **common)
        return Inbound("telegram", address, OTHER, event_id, **common)

    def _answer_soon(self, query_id: str) -> None:
        if not self._ready:  # the API is unreachable; the spinner stops by itself
            return
        task = asyncio.get_running_loop().create_task(self._answer(query_id))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _answer(self, query_id: str) -> None:
        try:
            await self.bot.answer_callback_query(query_id)
        except TelegramError as exc:  # an old query; the spinner stops by itself
            log.info("telegram.answer_callback_failed", error=type(exc).__name__)

    # Outbound

    def message_count(self, message: Outbound) -> int:
        return len(split_text(message.text, TEXT_PART_UNITS))

    def repeatable(self, delivery: Delivery) -> bool:
        return False  # the Bot API has no idempotency key: a repeated sendMessage arrives twice

    async def deliver(self, delivery: Delivery, begin: Begin = proceed) -> Receipt:
        if not self._ready:
            # Parked until the channel starts (bot.health makes them due again then), or ten minutes at most.
            raise RetryableDelivery("Telegram unreachable since start-up", retry_after=UNREACHABLE_RETRY_SECONDS)
        for message in delivery.messages:
            await self._send(delivery.address, message, begin)
        return Receipt()

    async def _send(self, address: str, message: Outbound, begin: Begin) -> None:
        chat_id = int(address)
        markup = keyboard(message.buttons)
        parts = split_text(message.text, TEXT_PART_UNITS)
        try:
            if message.media is not None:
                caption = message.text if utf16_length(message.text) <= MAX_CAPTION_UNITS else None
                sent = await self._upload(address, message, caption, markup if caption is not None else None, begin)
                if sent and caption is not None:
                    return
            for index, part in enumerate(parts):
                await self._pace(address, begin)
                last = index == len(parts) - 1
                await self.bot.send_message(chat_id, part or " ", reply_markup=markup if last else None)
        except RetryAfter as exc:
            seconds = exc._retry_after.total_seconds()  # the public property warns about its future type
            raise RetryableDelivery("Telegram 429", status=429, retry_after=seconds) from None
        except (Forbidden, BadRequest) as exc:
            status = 403 if isinstance(exc, Forbidden) else 400
            raise PermanentDelivery(f"Telegram {status} {_reason(exc)}", status=status) from None
        except (NetworkError, TimedOut) as exc:  # TimedOut is a NetworkError
            cause = exc.__cause__
            if cause is None or isinstance(cause, _NOT_SENT):  # Telegram answered 5xx, or nothing left us
                raise RetryableDelivery(f"Telegram {_reason(exc)}") from None
            raise OutcomeUnknown(f"Telegram {type(cause).__name__} after the request was sent") from None
        except TelegramError as exc:
            raise PermanentDelivery(f"Telegram {_reason(exc)}") from None

    async def _upload(
        self,
        address: str,
        message: Outbound,
        caption: str | None,
        markup: InlineKeyboardMarkup | None,
        begin: Begin,
    ) -> Message | None:
        """Upload the message's file: a photo, a voice note (OGG/Opus only), audio, a video or a document.

        None when the file is no longer kept (erased meanwhile): the text still goes.
        """
        media = message.media
        stored = await self._media_files.for_upload(media.token) if media is not None and self._media_files else None
        if media is None or stored is None:
            return None
        chat_id = int(address)
        upload = InputFile(stored.data, filename=file_name(stored.mime))
        seconds = round(stored.duration_ms / 1000) if stored.duration_ms else None
        common: dict[str, Any] = {"caption": caption, "reply_markup": markup}
        await self._pace(address, begin)
        if media.kind == "image":
            return await self.bot.send_photo(chat_id, upload, **common)
        if media.kind == "audio" and stored.mime == "audio/ogg":
            return await self.bot.send_voice(chat_id, upload, duration=seconds, **common)
        if media.kind == "audio" and stored.mime == "audio/mp4":
            # Telegram plays only OGG/Opus as a voice note; an M4A that cannot be transcoded goes as audio.
            voice = await _as_ogg_opus(stored.data)
            if voice is not None:
                return await self.bot.send_voice(
                    chat_id, InputFile(voice, filename=file_name("audio/ogg")), duration=seconds, **common
                )
        if media.kind == "audio" and stored.mime in ("audio/mp4", "audio/mpeg"):
            return await self.bot.send_audio(chat_id, upload, duration=seconds, **common)
        if media.kind == "video" and stored.mime == "video/mp4":
            return await self.bot.send_video(chat_id, upload, duration=seconds, supports_streaming=True, **common)
        return await self.bot.send_document(chat_id, upload, **common)

    async def fetch_media(self, inbound: Inbound) -> Download:
        """A file someone sent the bot: getFile, then its download (bots may download up to 20 MB).

        Raises MediaTooLarge, MediaUnavailable (network, 5xx, 429) or MediaGone (an unknown or expired file).
        """
        try:
            file = await self.bot.get_file(inbound.media_ref or "")
            if file.file_size is not None and file.file_size > MAX_MEDIA_BYTES:
                raise MediaTooLarge(f"{file.file_size} bytes")
            data = bytes(await file.download_as_bytearray())
        except BadRequest as exc:
            if "too big" in exc.message.lower():
                raise MediaTooLarge("Telegram: file is too big") from None
            raise MediaGone(f"Telegram 400 {_reason(exc)}") from None
        except (RetryAfter, NetworkError, TimedOut) as exc:
            raise MediaUnavailable(f"Telegram {type(exc).__name__}") from None
        except TelegramError as exc:
            raise MediaGone(f"Telegram {_reason(exc)}") from None
        if len(data) > MAX_MEDIA_BYTES:
            raise MediaTooLarge(f"{len(data)} bytes")
        return Download(data)

    async def _pace(self, address: str, begin: Begin) -> None:
        """Wait for the chat's and the bot's rate limits, then `begin` the request (it goes right after)."""
        await self._chats[address].take()
        await self._global.take()
        await begin()


async def _as_ogg_opus(m4a: bytes) -> bytes | None:
    """The voice note as OGG/Opus (on a thread: it takes a moment of CPU), or None when it cannot be transcoded."""
    try:
        return await asyncio.to_thread(to_ogg_opus, m4a)
    except ValueError as exc:
        log.info("telegram.transcode_failed", reason=str(exc)[:100])
        return None


def _reason(exc: TelegramError) -> str:
    # Telegram's descriptions ("Forbidden: bot was blocked by the user") carry no ids; cut them short anyway.
    return exc.message[:200]


def _media(message: Any) -> tuple[str, str] | None:
    if message.photo:
        return "image", message.photo[-1].file_id
    for kind, attribute in (("video", "video"), ("audio", "voice"), ("audio", "audio"), ("file", "document")):
        item = getattr(message, attribute, None)
        if item is not None:
            return kind, item.file_id
    return None


def _application(token: str, api_url: str, timeout: float) -> Application[Any, Any, Any, Any, Any, Any]:
    request = HTTPXRequest(connection_pool_size=64, read_timeout=timeout, write_timeout=timeout)
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = ApplicationBuilder()
    return (
        builder.token(token)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .request(request)
        .get_updates_request(HTTPXRequest())
        .updater(None)
        .build()
    )


class WebhookSetupError(Exception):
    """The webhook could not be registered; the message is one sentence saying what to do."""


def check_webhook_url(url: str) -> None:
    """Raise WebhookSetupError unless `url` is an address Telegram will call: https:// with a host."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise WebhookSetupError(
            f"Telegram calls webhooks only over HTTPS: give an https:// address such as "
            f"https://hotline.example.org/webhooks/telegram, not {url!r}."
        )


async def set_webhook(settings: Settings, url: str) -> None:
    """Register `url` as the bot's webhook, with our secret so forged updates are refused.

    Raises WebhookSetupError for an address that is not HTTPS, an unreachable Telegram API, an unknown token
    or a refusal.
    """
    if settings.telegram_token is None or settings.telegram_webhook_secret is None:
        raise WebhookSetupError(
            "HOTLINE_TELEGRAM_TOKEN and HOTLINE_TELEGRAM_WEBHOOK_SECRET must be set to register the webhook."
        )
    check_webhook_url(url)
    token = settings.telegram_token.get_secret_value()
    bot = Bot(token, base_url=f"{settings.telegram_api_url}/bot")
    try:
        async with bot:
            await bot.set_webhook(
                url,
                secret_token=settings.telegram_webhook_secret.get_secret_value(),
                allowed_updates=["message", "callback_query", "my_chat_member"],
                drop_pending_updates=False,
            )
    except InvalidToken:
        raise WebhookSetupError("Telegram does not know this bot: check HOTLINE_TELEGRAM_TOKEN.") from None
    except NetworkError as exc:  # TimedOut too
        raise WebhookSetupError(
            f"Cannot reach the Telegram API at {settings.telegram_api_url} ({_reason(exc).replace(token, '…')}): "
            "check the network, or HOTLINE_TELEGRAM_API_URL."
        ) from None
    except TelegramError as exc:
        raise WebhookSetupError(f"Telegram refused the webhook: {_reason(exc).replace(token, '…')}.") from None
