"""The whole hotline on loopback: our app, the real LINE and Telegram SDKs, and fake platform servers.

`SandboxHotline` plays people on either platform: it signs LINE webhooks and posts Telegram updates to the running
app, lets the outbox sender deliver through the SDKs, and reads back what each person's phone received from the
fakes. It has the same shape as `bot.playground.Playground`, so the demo and tests can use either.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import itertools
import json
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx

from bot.app import create_app
from bot.playground import Person, Phones
from bot.sandbox.fake_line import SANDBOX_CHANNEL_ACCESS_TOKEN, FakeLineApi
from bot.sandbox.fake_telegram import SANDBOX_TELEGRAM_TOKEN, FakeTelegramApi
from bot.sandbox.serve import serve_app
from bot.settings import Settings
from handlers.context import Services
from handlers.messages import Button, Outbound
from storage.db import Database
from storage.inbox import pending_count as inbox_pending
from storage.outbox import pending_count

LINE_SECRET = "sandbox-line-channel-secret"  # noqa: S105 - a loopback fake's secret, not a real one
TELEGRAM_SECRET = "sandbox-telegram-webhook-secret"  # noqa: S105 - same
MEDIA_KEY = "sandbox-media-url-key"  # same
# Where LINE would fetch photos from; the sandbox app itself listens on loopback (`SandboxHotline.local_url`).
PUBLIC_URL = "https://hotline.sandbox.example"


def sandbox_settings(line_url: str, telegram_url: str, **extra: Any) -> Settings:
    """Settings pointing both channels at loopback fakes, with the sandbox's own secrets."""
    return Settings(
        _env_file=None,
        line_channel_secret=LINE_SECRET,
        line_channel_access_token=SANDBOX_CHANNEL_ACCESS_TOKEN,
        line_api_url=line_url,
        telegram_token=SANDBOX_TELEGRAM_TOKEN,
        telegram_webhook_secret=TELEGRAM_SECRET,
        telegram_api_url=telegram_url,
        **{"public_url": PUBLIC_URL, "media_key": MEDIA_KEY, **extra},
    )


def line_signature(body: bytes, secret: str = LINE_SECRET) -> str:
    """The `X-Line-Signature` LINE puts on a webhook body: base64 of its HMAC-SHA256 under the channel secret."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def _line_buttons(message: dict[str, Any]) -> tuple[Button, ...]:
    actions: list[dict[str, Any]] = []
    for item in (message.get("quickReply") or {}).get("items", []):
        actions.append(item.get("action", {}))

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "button" and isinstance(node.get("action"), dict):
                actions.append(node["action"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message.get("contents"))
    return tuple(Button(a.get("label", ""), a.get("data", "")) for a in actions if a.get("type") == "postback")


def _line_outbound(message: dict[str, Any]) -> Outbound:
    if message.get("type") in ("image", "audio", "video"):
        return Outbound(f"[{message['type']}: {message.get('originalContentUrl')}]")
    text = message.get("text") or message.get("altText") or f"[{message.get('type')}]"
    return Outbound(str(text), _line_buttons(message))


_TELEGRAM_FILES = ("photo", "voice", "audio", "video", "document")


def _line_screen(messages: list[dict[str, Any]]) -> list[Outbound]:
    """What the chat shows: a Flex card of buttons right after a text is that text's buttons. Its alt text
    (the same words, for notifications) is not shown again in the chat."""
    shown: list[Outbound] = []
    for message in messages:
        previous = shown[-1] if shown else None
        if message.get("type") == "flex" and previous is not None and previous.text == message.get("altText"):
            shown[-1] = Outbound(previous.text, previous.buttons + _line_buttons(message))
        else:
            shown.append(_line_outbound(message))
    return shown


def _telegram_outbound(message: dict[str, Any]) -> Outbound:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    buttons = tuple(Button(b["text"], b.get("callback_data", "")) for row in rows for b in row)
    kind = next((k for k in _TELEGRAM_FILES if k in message), None)
    text = str(message.get("text") or message.get("caption") or "")
    if kind is not None:
        text = f"[{kind} uploaded]\n{text}".rstrip()
    return Outbound(text, buttons)


# How LINE and Telegram name a kind of file in a message a person sends.
_LINE_TYPES = {"image": "image", "audio": "audio", "video": "video", "file": "file"}
_TELEGRAM_KINDS = {"image": "photo", "audio": "voice", "video": "video", "file": "document"}


@dataclass
class _Running:
    client: httpx.AsyncClient
    app: Any


class SandboxHotline(Phones):
    def __init__(self, db: Database, services: Services) -> None:
        self.db = db
        self.services = services
        self.line = FakeLineApi()
        self.telegram = FakeTelegramApi()
        self._running: _Running | None = None
        self.app: Any = None
        self._ids = itertools.count(1)
        self._tg_chat_ids = itertools.count(7_000_001)

    @contextlib.asynccontextmanager
    async def running(self, **settings: Any) -> AsyncIterator[SandboxHotline]:
        """Serve the hotline on loopback; `settings` add to the sandbox's (the desk's admin token, say)."""
        async with serve_app(self.line) as line_url, serve_app(self.telegram) as telegram_url:
            app = create_app(
                sandbox_settings(line_url, telegram_url, **settings),
                db=self.db,
                services=self.services,
                run_sender=False,
                run_timers=False,
            )
            async with serve_app(app) as url, httpx.AsyncClient(base_url=url, timeout=30) as client:
                self.app = app
                self._running = _Running(client, app)
                try:
                    yield self
                finally:
                    self._running = None

    @property
    def local_url(self) -> str:
        """Where the sandbox app listens; media URLs under PUBLIC_URL are served there."""
        return str(self._live.client.base_url).rstrip("/")

    @property
    def _client(self) -> httpx.AsyncClient:
        return self._live.client

    @property
    def _live(self) -> _Running:
        if self._running is None:
            raise RuntimeError("the sandbox hotline is not running: use `async with hotline.running():`")
        return self._running

    def person(self, channel: str = "line", locale_hint: str | None = None) -> Person:
        if channel == "line":
            address = self.line.add_user(f"Sandbox user {next(self._ids)}", language=locale_hint)
        else:
            chat = next(self._tg_chat_ids)
            self.telegram.add_chat(chat, "Sandbox user", language_code=locale_hint)
            address = str(chat)
        return Person(channel, address, locale_hint)

    def adopt(self, person: Person) -> Person:
        """Make the fakes know a person whose address was chosen elsewhere (seeded supporters)."""
        if person.channel == "line":
            self.line.add_user("Sandbox user", language=person.locale_hint, user_id=person.address)
        else:
            self.telegram.add_chat(int(person.address), "Sandbox user", language_code=person.locale_hint)
        return person

    async def _settle(self) -> None:
        """Let the app process what it took in and deliver the replies (its workers and sender are off)."""
        state = self._live.app.state
        for _ in range(20):
            while await state.inbox.drain_once():
                pass
            await state.sender.drain_once()
            async with self.db.read() as session:
                if not await pending_count(session) and not await inbox_pending(session):
                    return

    async def _deliver(self, path: str, **request: Any) -> httpx.Response:
        """Post a webhook as the platforms do: delivered again, a moment later, while it is answered 503."""
        for _ in range(10):
            response = await self._client.post(path, **request)
            if response.status_code != 503:
                return response
            await asyncio.sleep(0.2)
        return response

    async def line_event(self, person: Person, event: dict[str, Any]) -> list[Outbound]:
        """Deliver one LINE webhook event from `person` (its common fields filled in); what arrived since."""
        event = {
            "mode": "active",
            "timestamp": int(self.services.clock().timestamp() * 1000),
            "source": {"type": "user", "userId": person.address},
            "webhookEventId": f"01SANDBOX{secrets.token_hex(8).upper()}",
            "deliveryContext": {"isRedelivery": False},
            "replyToken": self.line.issue_reply_token(person.address),
            **event,
        }
        body = json.dumps({"destination": "U" + "0" * 32, "events": [event]}).encode()
        response = await self._deliver(
            "/webhooks/line", content=body, headers={"X-Line-Signature": line_signature(body)}
        )
        response.raise_for_status()
        await self._settle()
        return self.news(person)

    async def telegram_update(self, person: Person, update: dict[str, Any]) -> list[Outbound]:
        """Deliver one raw Telegram update from `person` to the webhook; what arrived since."""
        response = await self._deliver(
            "/webhooks/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
        )
        response.raise_for_status()
        await self._settle()
        return self.news(person)

    async def follow(self, person: Person) -> list[Outbound]:
        if person.channel == "line":
            return await self.line_event(person, {"type": "follow", "follow": {"isUnblocked": False}})
        return await self.telegram_update(person, self.telegram.text_update(int(person.address), "/start"))

    async def say(self, person: Person, text: str) -> list[Outbound]:
        if person.channel == "line":
            message = {"type": "text", "id": str(next(self._ids)), "text": text, "quoteToken": secrets.token_hex(8)}
            return await self.line_event(person, {"type": "message", "message": message})
        return await self.telegram_update(person, self.telegram.text_update(int(person.address), text))

    async def tap(self, person: Person, payload: str) -> list[Outbound]:
        if person.channel == "line":
            return await self.line_event(person, {"type": "postback", "postback": {"data": payload}})
        chat = int(person.address)
        shown = self.telegram.delivered.get(chat, [])
        message = next(
            (
                m
                for m in reversed(shown)
                for row in (m.get("reply_markup") or {}).get("inline_keyboard", [])
                for b in row
                if b.get("callback_data") == payload
            ),
            None,
        )
        if message is None:  # a button from an older message, or a payload typed by the script
            message = next(m for m in reversed(shown) if m.get("reply_markup"))
        return await self.telegram_update(person, self.telegram.callback_update(chat, message["message_id"], payload))

    async def send_file(
        self,
        person: Person,
        kind: str,
        data: bytes,
        content_type: str,
        *,
        duration_ms: int | None = None,
        caption: str | None = None,
    ) -> list[Outbound]:
        """The person sends a file (kind: image, audio, video, file) as their platform's app would."""
        if person.channel == "line":
            message_id = self.line.user_sends_content(
                data, content_type, transcoding="succeeded" if kind in ("audio", "video") else None
            )
            message: dict[str, Any] = {"type": _LINE_TYPES[kind], "id": message_id}
            if kind in ("image", "audio", "video"):
                message["contentProvider"] = {"type": "line"}
            if kind in ("audio", "video"):
                message["duration"] = duration_ms or 1000
            if kind in ("image", "video"):
                message["quoteToken"] = secrets.token_hex(8)
            if kind == "file":
                message |= {"fileName": "scan.pdf", "fileSize": len(data)}
            return await self.line_event(person, {"type": "message", "message": message})
        tg_kind = _TELEGRAM_KINDS[kind]
        if kind == "audio" and content_type != "audio/ogg":
            tg_kind = "audio"
        update = self.telegram.media_update(
            int(person.address),
            tg_kind,
            data,
            caption=caption,
            duration=(duration_ms or 1000) // 1000 or 1,
            mime_type=content_type if tg_kind != "photo" else None,
            file_name="scan.pdf" if tg_kind == "document" else None,
        )
        return await self.telegram_update(person, update)

    def received(self, person: Person) -> list[Outbound]:
        if person.channel == "line":
            return _line_screen(self.line.messages_to(person.address))
        return [_telegram_outbound(m) for m in self.telegram.delivered.get(int(person.address), [])]
