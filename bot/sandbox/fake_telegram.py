"""A loopback Telegram Bot API: the methods the bot uses, with the platform's checks, limits and failures.

Point python-telegram-bot at it with `Bot(token, base_url=f"{base_url}/bot")`: PTB then calls
`{base_url}/bot{token}/{method}`, posting form fields whose non-string values are JSON encoded.
"""

from __future__ import annotations

import asyncio
import collections
import html
import json
import math
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from bot.sandbox import Clock, FailurePlan, RecordedRequest

# Limits Telegram documents; kept here as facts we rely on.
MAX_TEXT_UTF16_UNITS = 4096
MAX_CAPTION_UTF16_UNITS = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_BUTTONS = 100
DEFAULT_GLOBAL_PER_SECOND = 30
DEFAULT_PER_CHAT_PER_SECOND = 1.0
DEFAULT_PER_CHAT_BURST = 5
DEFAULT_CALLBACK_QUERY_LIFETIME = 15.0

# The fake's own token: nothing real is guarded by it.
SANDBOX_TELEGRAM_TOKEN = "1000000001:sandbox-telegram-token"  # noqa: S105

# Fields the Bot API reads as plain strings; every other form field is JSON (numbers, booleans, objects).
_STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "url",
        "secret_token",
        "ip_address",
        "inline_message_id",
        "file_id",
        "business_connection_id",
        "message_effect_id",
        "photo",
        "document",
        "voice",
        "audio",
        "video",
        "thumbnail",
    }
)
_SEND_METHODS = frozenset(
    {"sendmessage", "sendphoto", "senddocument", "sendvoice", "sendaudio", "sendvideo", "copymessage"}
)
# Bots may download files up to 20 MB: getFile refuses bigger ones with "file is too big".
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_HTML_TAG = re.compile(r"<[^>]*>")
_FAILURE_DESCRIPTIONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


class _ApiError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


def _bad_request(description: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {description}")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class WebhookRegistration:
    url: str
    secret_token: str | None
    allowed_updates: list[str] | None
    max_connections: int


@dataclass(frozen=True)
class _CallbackQuery:
    chat_id: int
    expires_at: float


class FakeTelegramApi:
    """Telegram Bot API fake, an ASGI app: `serve_app(FakeTelegramApi(...))` serves it.

    Methods: getMe, sendMessage, sendPhoto, sendDocument, sendVoice, sendAudio, sendVideo, copyMessage,
    editMessageText, editMessageReplyMarkup, answerCallbackQuery, setWebhook, deleteWebhook, getWebhookInfo,
    getFile, and the file download at /file/bot<token>/<file_path>. Uploaded files are kept (`uploaded`), so a
    test can open what a chat received; files users send come from `media_update`.
    A chat exists once the user has written to the bot (`add_chat`, `text_update`); sending elsewhere
    answers "chat not found" as Telegram does. Every request lands in `requests`; what a chat shows
    lands in `delivered[chat_id]` (edits change the shown message in place).
    """

    def __init__(
        self,
        token: str = SANDBOX_TELEGRAM_TOKEN,
        *,
        bot_username: str = "hotline_sandbox_bot",
        global_per_second: int = DEFAULT_GLOBAL_PER_SECOND,
        per_chat_per_second: float = DEFAULT_PER_CHAT_PER_SECOND,
        per_chat_burst: int = DEFAULT_PER_CHAT_BURST,
        callback_query_lifetime: float = DEFAULT_CALLBACK_QUERY_LIFETIME,
        allow_http_webhooks: bool = False,
        clock: Clock = time.time,
    ) -> None:
        self._answers_open = asyncio.Event()
        self._answers_open.set()
        bot_id, _, _ = token.partition(":")
        if not bot_id.isdigit():
            raise ValueError("a Telegram token is <bot id>:<secret>")
        self.token = token
        self.bot_user: dict[str, Any] = {
            "id": int(bot_id),
            "is_bot": True,
            "first_name": "Hotline Sandbox",
            "username": bot_username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.global_per_second = global_per_second
        self.per_chat_per_second = per_chat_per_second
        self.per_chat_burst = per_chat_burst
        self.callback_query_lifetime = callback_query_lifetime
        self.allow_http_webhooks = allow_http_webhooks
        self.requests: list[RecordedRequest] = []
        self.delivered: dict[int, list[dict[str, Any]]] = {}
        self.chats: dict[int, dict[str, Any]] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self.webhook: WebhookRegistration | None = None
        self._clock = clock
        self._failures = FailurePlan(clock)
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._message_ids = iter(range(1, 2**31))
        self._update_ids = iter(range(1, 2**31))
        self._callback_queries: dict[str, _CallbackQuery] = {}
        self._files: dict[str, dict[str, Any]] = {}
        self._file_content: dict[str, bytes] = {}  # file_id -> bytes, for getFile downloads and `uploaded`
        self._recent_sends: collections.deque[float] = collections.deque()
        self._chat_allowance: dict[int, tuple[float, float]] = {}
        self._methods: dict[str, Callable[[dict[str, Any]], Any]] = {
            "getme": lambda _fields: self.bot_user,
            "sendmessage": self._send_message,
            "sendphoto": self._send_photo,
            "senddocument": self._send_document,
            "sendvoice": lambda fields: self._send_file(fields, "voice"),
            "sendaudio": lambda fields: self._send_file(fields, "audio"),
            "sendvideo": lambda fields: self._send_file(fields, "video"),
            "copymessage": self._copy_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "answercallbackquery": self._answer_callback_query,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "getfile": self._get_file,
        }
        self._app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._serve, methods=["GET", "POST"]),
                Route("/file/bot{token}/{file_path:path}", self._download, methods=["GET"]),
                Route("/{path:path}", self._not_found, methods=["GET", "POST"]),
            ]
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)

    # -- what a test or the demo does on the platform's side

    def add_chat(self, chat_id: int, first_name: str = "Sandbox user", language_code: str | None = None) -> None:
        """A private chat with a user who has started the bot."""
        chat: dict[str, Any] = {"id": chat_id, "type": "private", "first_name": first_name}
        self.chats[chat_id] = chat
        self._users[chat_id] = {"id": chat_id, "is_bot": False, "first_name": first_name}
        if language_code is not None:
            self._users[chat_id]["language_code"] = language_code

    def text_update(self, chat_id: int, text: str) -> dict[str, Any]:
        """The update Telegram would post for the user writing `text`; the message is kept for copyMessage."""
        if chat_id not in self.chats:
            self.add_chat(chat_id)
        message_id = next(self._message_ids)
        message: dict[str, Any] = {
            "message_id": message_id,
            "from": self._users[chat_id],
            "chat": self.chats[chat_id],
            "date": int(self._clock()),
            "text": text,
        }
        self._messages[(chat_id, message_id)] = message
        return {"update_id": next(self._update_ids), "message": message}

    def callback_update(self, chat_id: int, message_id: int, data: str) -> dict[str, Any]:
        """The update for the user tapping a button with `data` under a message the bot sent."""
        message = self._messages.get((chat_id, message_id))
        if message is None:
            raise KeyError(f"no message {message_id} in chat")
        query_id = self.issue_callback_query_id(chat_id)
        query = {
            "id": query_id,
            "from": self._users[chat_id],
            "message": message,
            "chat_instance": str(chat_id),
            "data": data,
        }
        return {"update_id": next(self._update_ids), "callback_query": query}

    def issue_callback_query_id(self, chat_id: int) -> str:
        """A callback query id that answerCallbackQuery accepts once, until it expires."""
        query_id = str(secrets.randbits(63))
        self._callback_queries[query_id] = _CallbackQuery(chat_id, self._clock() + self.callback_query_lifetime)
        return query_id

    def media_update(
        self,
        chat_id: int,
        kind: str,
        data: bytes,
        *,
        caption: str | None = None,
        duration: int | None = None,
        mime_type: str | None = None,
        file_name: str | None = None,
        declared_size: int | None = None,
    ) -> dict[str, Any]:
        """The update for the user sending a file: kind is photo, voice, audio, video or document.

        The bytes are kept for getFile and the download; `declared_size` plays a file bigger than it is.
        """
        if chat_id not in self.chats:
            self.add_chat(chat_id)
        file_id = "user-" + secrets.token_hex(12)
        size = declared_size if declared_size is not None else len(data)
        file: dict[str, Any] = {"file_id": file_id, "file_unique_id": file_id[-12:], "file_size": size}
        self._files[file_id] = file
        self._file_content[file_id] = data
        content: dict[str, Any]
        if kind == "photo":
            content = {"photo": [{**file, "width": 1280, "height": 960}]}
        elif kind in ("voice", "audio", "video"):
            extra: dict[str, Any] = {"duration": duration or 1}
            if kind == "video":
                extra |= {"width": 640, "height": 360}
            content = {kind: {**file, **extra, **({"mime_type": mime_type} if mime_type else {})}}
        elif kind == "document":
            content = {"document": {**file, **({"mime_type": mime_type} if mime_type else {}), "file_name": file_name}}
            if file_name is None:
                content["document"].pop("file_name")
        else:
            raise ValueError(f"unknown kind {kind}")
        if caption:
            content["caption"] = caption
        message_id = next(self._message_ids)
        message: dict[str, Any] = {
            "message_id": message_id,
            "from": self._users[chat_id],
            "chat": self.chats[chat_id],
            "date": int(self._clock()),
            **content,
        }
        self._messages[(chat_id, message_id)] = message
        return {"update_id": next(self._update_ids), "message": message}

    def uploaded(self, message: dict[str, Any]) -> bytes:
        """The bytes of the file a message the bot sent carries (its photo, voice, audio, video or document)."""
        for key in ("photo", "voice", "audio", "video", "document"):
            if key in message:
                item = message[key][-1] if key == "photo" else message[key]
                return self._file_content[item["file_id"]]
        raise KeyError("the message carries no file")

    def hold_answers(self) -> None:
        """Do the work of each request but keep its answer back until `release_answers()`."""
        self._answers_open.clear()

    def release_answers(self) -> None:
        self._answers_open.set()

    def fail_next(self, status: int, count: int = 1) -> None:
        self._failures.fail_next(status, count)

    def fail_for(self, seconds: float, status: int = 500) -> None:
        self._failures.fail_for(seconds, status)

    def texts_to(self, chat_id: int) -> list[str]:
        return [str(m["text"]) for m in self.delivered.get(chat_id, []) if "text" in m]

    # -- HTTP

    async def _not_found(self, request: Request) -> Response:
        self._record(request, None, 404)
        return _error_response(_ApiError(404, "Not Found"))

    async def _download(self, request: Request) -> Response:
        self._record(request, None, 200)
        failure = self._failures.take()
        if failure is not None:
            return Response(status_code=failure.status)
        if not secrets.compare_digest(request.path_params["token"], self.token):
            return Response(status_code=401)
        path = request.path_params["file_path"]
        file_id = next((f for f, info in self._files.items() if info.get("file_path") == path), None)
        if file_id is None or file_id not in self._file_content:
            return Response(status_code=404)
        return Response(self._file_content[file_id], media_type="application/octet-stream")

    async def _serve(self, request: Request) -> Response:
        fields = await _read_fields(request)
        method = request.path_params["method"].lower()
        try:
            result = self._call(request.path_params["token"], method, fields)
        except _ApiError as error:
            self._record(request, fields, error.status)
            return _error_response(error)
        self._record(request, fields, 200)
        await self._answers_open.wait()
        return JSONResponse({"ok": True, "result": result})

    def _record(self, request: Request, body: Any, status: int) -> None:
        self.requests.append(
            RecordedRequest(
                method=request.method,
                path=request.url.path,
                headers={k.lower(): v for k, v in request.headers.items()},
                body=body,
                status=status,
                received_at=self._clock(),
            )
        )

    def _call(self, token: str, method: str, fields: dict[str, Any]) -> Any:
        failure = self._failures.take()
        if failure is not None:
            if failure.status == 429:
                raise _too_many_requests(failure.retry_after)
            raise _ApiError(failure.status, _FAILURE_DESCRIPTIONS.get(failure.status, "Injected failure"))
        if not secrets.compare_digest(token, self.token):
            raise _ApiError(401, "Unauthorized")
        handler = self._methods.get(method)
        if handler is None:
            raise _ApiError(404, "Not Found")
        if method in _SEND_METHODS:
            chat_id = self._chat(fields.get("chat_id"))["id"]
            allowance = self._allowance(chat_id)
            result = handler(fields)
            self._spend(chat_id, allowance)
            return result
        return handler(fields)

    # -- rate limits: a global sliding window and a token bucket per chat

    def _allowance(self, chat_id: int) -> float:
        """The chat's send allowance now; raises 429 when this send would break a limit."""
        now = self._clock()
        while self._recent_sends and self._recent_sends[0] <= now - 1.0:
            self._recent_sends.popleft()
        if len(self._recent_sends) >= self.global_per_second:
            raise _too_many_requests(max(1, math.ceil(self._recent_sends[0] + 1.0 - now)))
        tokens, last = self._chat_allowance.get(chat_id, (float(self.per_chat_burst), now))
        tokens = min(float(self.per_chat_burst), tokens + (now - last) * self.per_chat_per_second)
        if tokens < 1.0:
            raise _too_many_requests(max(1, math.ceil((1.0 - tokens) / self.per_chat_per_second)))
        return tokens

    def _spend(self, chat_id: int, allowance: float) -> None:
        # Only delivered sends count, so a refused message does not eat into the limits.
        now = self._clock()
        self._chat_allowance[chat_id] = (allowance - 1.0, now)
        self._recent_sends.append(now)

    # -- methods

    def _chat(self, chat_id: Any) -> dict[str, Any]:
        if chat_id is None or chat_id == "":
            raise _bad_request("chat_id is empty")
        if isinstance(chat_id, str) and chat_id.removeprefix("-").isdigit():
            chat_id = int(chat_id)
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise _bad_request("chat not found")
        return chat

    def _new_message(self, chat: dict[str, Any], content: dict[str, Any], markup: Any) -> dict[str, Any]:
        message = {
            "message_id": next(self._message_ids),
            "from": self.bot_user,
            "chat": chat,
            "date": int(self._clock()),
            **content,
        }
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        self._messages[(chat["id"], message["message_id"])] = message
        self.delivered.setdefault(chat["id"], []).append(message)
        return message

    def _send_message(self, fields: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(fields.get("chat_id"))
        text = fields.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _bad_request("message text is empty")
        _check_text(text, fields.get("parse_mode"), MAX_TEXT_UTF16_UNITS, "message is too long")
        markup = _check_reply_markup(fields.get("reply_markup"))
        content: dict[str, Any] = {"text": text}
        if isinstance(fields.get("entities"), list):
            content["entities"] = fields["entities"]
        return self._new_message(chat, content, markup)

    def _send_photo(self, fields: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(fields.get("chat_id"))
        file = self._file(fields.get("photo"), "photo")
        content: dict[str, Any] = {"photo": [{**file, "width": 800, "height": 600}]}
        return self._new_message(
            chat, self._with_caption(content, fields), _check_reply_markup(fields.get("reply_markup"))
        )

    def _send_document(self, fields: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(fields.get("chat_id"))
        file = self._file(fields.get("document"), "document")
        content: dict[str, Any] = {"document": file}
        return self._new_message(
            chat, self._with_caption(content, fields), _check_reply_markup(fields.get("reply_markup"))
        )

    def _send_file(self, fields: dict[str, Any], field: str) -> dict[str, Any]:
        chat = self._chat(fields.get("chat_id"))
        file = self._file(fields.get(field), field)
        content: dict[str, Any] = {field: file}
        if isinstance(fields.get("duration"), int):
            content[field] = {**file, "duration": fields["duration"]}
        return self._new_message(
            chat, self._with_caption(content, fields), _check_reply_markup(fields.get("reply_markup"))
        )

    def _with_caption(self, content: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
        caption = fields.get("caption")
        if isinstance(caption, str) and caption:
            _check_text(caption, fields.get("parse_mode"), MAX_CAPTION_UTF16_UNITS, "message caption is too long")
            content["caption"] = caption
        return content

    def _file(self, value: Any, field: str) -> dict[str, Any]:
        if isinstance(value, dict) and "size" in value:
            if value["size"] == 0 and "content" in value:
                raise _bad_request("file must be non-empty")
            file_id = "sandbox-" + secrets.token_hex(12)
            file = {"file_id": file_id, "file_unique_id": file_id[-12:], "file_size": value["size"]}
            if value.get("filename"):
                file["file_name"] = value["filename"]
            self._files[file_id] = file
            if "content" in value:
                self._file_content[file_id] = value["content"]
            return file
        if isinstance(value, str) and value in self._files:
            return self._files[value]
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return self._file({"size": 0, "filename": value.rsplit("/", 1)[-1]}, field)
        raise _bad_request(
            f"there is no {field} in the request" if not value else "wrong file identifier/HTTP URL specified"
        )

    def _copy_message(self, fields: dict[str, Any]) -> dict[str, int]:
        chat = self._chat(fields.get("chat_id"))
        source_chat = fields.get("from_chat_id")
        source_id = fields.get("message_id")
        source = None
        if isinstance(source_chat, int) and isinstance(source_id, int):
            source = self._messages.get((source_chat, source_id))
        if source is None:
            raise _bad_request("message to copy not found")
        content = {k: v for k, v in source.items() if k in ("text", "entities", "photo", "document", "caption")}
        message = self._new_message(
            chat, self._with_caption(content, fields), _check_reply_markup(fields.get("reply_markup"))
        )
        return {"message_id": message["message_id"]}

    def _message_to_edit(self, fields: dict[str, Any]) -> dict[str, Any]:
        if "inline_message_id" in fields:
            raise _bad_request("inline messages are not part of the sandbox")
        chat = self._chat(fields.get("chat_id"))
        message_id = fields.get("message_id")
        message = self._messages.get((chat["id"], message_id)) if isinstance(message_id, int) else None
        if message is None or message["from"]["id"] != self.bot_user["id"]:
            raise _bad_request("message to edit not found")
        return message

    def _edit(self, message: dict[str, Any], changes: dict[str, Any], markup: Any) -> dict[str, Any]:
        edited = {**message, **changes, "edit_date": int(self._clock())}
        edited.pop("reply_markup", None)
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            edited["reply_markup"] = markup
        if all(edited.get(k) == message.get(k) for k in ("text", "entities", "reply_markup")):
            raise _bad_request(
                "message is not modified: specified new message content and reply markup are exactly "
                "the same as a current content and reply markup of the message"
            )
        key = (message["chat"]["id"], message["message_id"])
        self._messages[key] = edited
        shown = self.delivered[key[0]]
        shown[[m["message_id"] for m in shown].index(key[1])] = edited
        return edited

    def _edit_message_text(self, fields: dict[str, Any]) -> dict[str, Any]:
        message = self._message_to_edit(fields)
        text = fields.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _bad_request("message text is empty")
        _check_text(text, fields.get("parse_mode"), MAX_TEXT_UTF16_UNITS, "MESSAGE_TOO_LONG")
        markup = _check_reply_markup(fields.get("reply_markup"), inline_only=True)
        changes: dict[str, Any] = {"text": text}
        if isinstance(fields.get("entities"), list):
            changes["entities"] = fields["entities"]
        return self._edit(message, changes, markup)

    def _edit_message_reply_markup(self, fields: dict[str, Any]) -> dict[str, Any]:
        message = self._message_to_edit(fields)
        markup = _check_reply_markup(fields.get("reply_markup"), inline_only=True)
        return self._edit(message, {}, markup)

    def _answer_callback_query(self, fields: dict[str, Any]) -> bool:
        query_id = fields.get("callback_query_id")
        query = self._callback_queries.pop(str(query_id), None) if query_id is not None else None
        if query is None or query.expires_at <= self._clock():
            raise _bad_request("query is too old and response timeout expired or query ID is invalid")
        text = fields.get("text")
        if isinstance(text, str) and len(text) > 200:
            raise _bad_request("MESSAGE_TOO_LONG")
        return True

    def _set_webhook(self, fields: dict[str, Any]) -> bool:
        url = fields.get("url")
        if not isinstance(url, str) or not url:
            self.webhook = None
            return True
        if not url.startswith("https://") and not (self.allow_http_webhooks and url.startswith("http://")):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = fields.get("secret_token")
        if secret is not None and not _SECRET_TOKEN.match(str(secret)):
            raise _bad_request("secret token contains unallowed characters")
        allowed = fields.get("allowed_updates")
        max_connections = fields.get("max_connections", 40)
        if not isinstance(max_connections, int) or not 1 <= max_connections <= 100:
            raise _bad_request("bad webhook: max_connections must be between 1 and 100")
        self.webhook = WebhookRegistration(
            url=url,
            secret_token=secret,
            allowed_updates=allowed if isinstance(allowed, list) else None,
            max_connections=max_connections,
        )
        return True

    def _delete_webhook(self, _fields: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    def _get_webhook_info(self, _fields: dict[str, Any]) -> dict[str, Any]:
        if self.webhook is None:
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        info: dict[str, Any] = {
            "url": self.webhook.url,
            "has_custom_certificate": False,
            "pending_update_count": 0,
            "max_connections": self.webhook.max_connections,
        }
        if self.webhook.allowed_updates is not None:
            info["allowed_updates"] = self.webhook.allowed_updates
        return info

    def _get_file(self, fields: dict[str, Any]) -> dict[str, Any]:
        file = self._files.get(str(fields.get("file_id")))
        if file is None:
            raise _bad_request("invalid file_id")
        if file.get("file_size", 0) > MAX_DOWNLOAD_BYTES:
            raise _bad_request("file is too big")
        file.setdefault("file_path", f"documents/file_{file['file_unique_id']}")
        return {k: file[k] for k in ("file_id", "file_unique_id", "file_size", "file_path") if k in file}


def _too_many_requests(retry_after: int) -> _ApiError:
    return _ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)


def _error_response(error: _ApiError) -> JSONResponse:
    body: dict[str, Any] = {"ok": False, "error_code": error.status, "description": error.description}
    if error.retry_after is not None:
        body["parameters"] = {"retry_after": error.retry_after}
    return JSONResponse(body, status_code=error.status)


async def _read_fields(request: Request) -> dict[str, Any]:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        raw = await request.body()
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}
    if request.method == "GET":
        return {key: _decode_field(key, value) for key, value in request.query_params.items()}
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form: FormData = await request.form()
        try:
            return {key: await _form_value(key, value) for key, value in form.multi_items()}
        finally:
            await form.close()
    return {}


async def _form_value(key: str, value: str | UploadFile) -> Any:
    if isinstance(value, UploadFile):
        content = await value.read()
        return {"filename": value.filename, "size": len(content), "content": content}
    return _decode_field(key, value)


def _decode_field(key: str, value: str) -> Any:
    if key in _STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _check_text(text: str, parse_mode: Any, limit: int, too_long: str) -> None:
    if parse_mode not in (None, "", "HTML", "Markdown", "MarkdownV2"):
        raise _bad_request(f"unsupported parse_mode: {parse_mode}")
    shown = html.unescape(_HTML_TAG.sub("", text)) if parse_mode == "HTML" else text
    if utf16_length(shown) > limit:
        raise _bad_request(too_long)


def _check_reply_markup(markup: Any, *, inline_only: bool = False) -> Any:
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        if inline_only or not {"keyboard", "remove_keyboard", "force_reply"} & markup.keys():
            raise _bad_request("can't parse inline keyboard markup JSON object")
        return markup
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays')
    if sum(len(row) for row in rows) > MAX_INLINE_BUTTONS:
        raise _bad_request("reply markup is too long")
    for row in rows:
        for button in row:
            _check_inline_button(button)
    return markup


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise _bad_request("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
    if not isinstance(button.get("text"), str) or not button["text"]:
        raise _bad_request('can\'t parse inline keyboard button: Field "text" must be of type String')
    actions = [name for name in _BUTTON_ACTIONS if name in button]
    if not actions:
        raise _bad_request("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise _bad_request("can't parse inline keyboard button: exactly one of the optional fields must be used")
    data = button.get("callback_data")
    if "callback_data" in button and (
        not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
    ):
        raise _bad_request("BUTTON_DATA_INVALID")
