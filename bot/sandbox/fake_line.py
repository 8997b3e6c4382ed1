"""A loopback LINE Messaging API: the endpoints the bot uses, with the platform's checks and failures.

Point line-bot-sdk at it with `Configuration(host=<base url>, access_token=...)`: the SDK then sends
both api.line.me and api-data.line.me calls here, on the same paths as the real hosts.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import regex  # type: ignore[import-untyped]
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from bot.sandbox import Clock, FailurePlan, RecordedRequest

# Limits LINE documents (schema and "Counting characters in a text"); kept here as facts we rely on.
MAX_MESSAGES_PER_REQUEST = 5
MAX_TEXT_UTF16_UNITS = 5000
MAX_ALT_TEXT = 1500
MAX_TEMPLATE_ALT_TEXT = 400
MAX_QUICK_REPLY_ITEMS = 13
MAX_QUICK_REPLY_LABEL_GRAPHEMES = 20
MAX_ACTION_TEXT_GRAPHEMES = 300
MAX_POSTBACK_DATA = 300
MAX_CONTENT_URL = 2000  # originalContentUrl and previewImageUrl: HTTPS, at most 2000 characters
DEFAULT_REPLY_TOKEN_LIFETIME = 60.0
RETRY_KEY_LIFETIME = 24 * 3600.0

MESSAGE_TYPES = (
    "text",
    "textV2",
    "sticker",
    "image",
    "video",
    "audio",
    "location",
    "imagemap",
    "template",
    "flex",
    "coupon",
)
QUICK_REPLY_ACTION_TYPES = (
    "postback",
    "message",
    "datetimepicker",
    "camera",
    "cameraRoll",
    "location",
    "clipboard",
)
# The fake's own token: nothing real is guarded by it.
SANDBOX_CHANNEL_ACCESS_TOKEN = "sandbox-line-channel-access-token"  # noqa: S105

_CHAT_ID = re.compile(r"^[UCR][0-9a-f]{32}$")
_AUTH_FAILED = "Authentication failed. Confirm that the access token in the authorization header is valid."
_AUTH_MISSING = "Authorization header required. Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'"
_FAILURE_MESSAGES = {
    429: "The API rate limit has been exceeded. Try again later.",
    500: "Internal server error",
    503: "Service unavailable",
}


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def grapheme_length(text: str) -> int:
    """What the eye counts: a Khmer or Burmese syllable with its marks is one."""
    return len(regex.findall(r"\X", text))


@dataclass(frozen=True)
class LineUser:
    user_id: str
    display_name: str
    language: str | None


@dataclass(frozen=True)
class _Content:
    data: bytes
    content_type: str
    transcoding: str | None
    chunked: bool = False  # sent in chunks without a Content-Length, as a large file may come


@dataclass(frozen=True)
class _ReplyToken:
    user_id: str
    expires_at: float


@dataclass(frozen=True)
class _AcceptedPush:
    request_id: str
    sent_messages: list[dict[str, str]]
    expires_at: float


class FakeLineApi:
    """LINE Messaging API fake, an ASGI app: `serve_app(FakeLineApi(...))` serves it.

    Endpoints: POST /v2/bot/message/reply, POST /v2/bot/message/push (honours X-Line-Retry-Key: a repeat
    gets 409; over `monthly_quota` pushes, 429 as LINE answers a channel out of quota),
    GET /v2/bot/message/quota and /quota/consumption, POST /v2/bot/message/validate/{reply,push},
    GET /v2/bot/profile/{userId}, GET /v2/bot/info, POST /v2/bot/chat/loading/start. Every request lands in
    `requests`; what a user's phone would show lands in `delivered[user_id]`, once per accepted request.
    `hold_answers()` keeps answers back after the work is done, to play a sender that dies mid-send.
    On the data host's paths: GET /v2/bot/message/{id}/content and /content/transcoding (what a user sent,
    `user_sends_content`).
    """

    def __init__(
        self,
        channel_access_token: str = SANDBOX_CHANNEL_ACCESS_TOKEN,
        *,
        reply_token_lifetime: float = DEFAULT_REPLY_TOKEN_LIFETIME,
        clock: Clock = time.time,
        monthly_quota: int | None = None,
    ) -> None:
        self.channel_access_token = channel_access_token
        self.profile_delay = 0.0  # seconds GET /v2/bot/profile waits before answering
        self.reply_token_lifetime = reply_token_lifetime
        self.bot_user_id = "U" + secrets.token_hex(16)
        self.requests: list[RecordedRequest] = []
        self.delivered: dict[str, list[dict[str, Any]]] = {}
        self.users: dict[str, LineUser] = {}
        self._clock = clock
        self._failures = FailurePlan(clock)
        self._reply_tokens: dict[str, _ReplyToken] = {}
        self._retry_keys: dict[str, _AcceptedPush] = {}
        self._message_ids = iter(range(10**17, 10**18))
        self._content: dict[str, _Content] = {}
        self.monthly_quota = monthly_quota  # None: no target limit (type "none")
        self.pushes_accepted = 0  # LINE's count of push messages this month
        self._answers_open = asyncio.Event()
        self._answers_open.set()
        self._app = Starlette(
            routes=[
                Route("/v2/bot/message/reply", self._reply, methods=["POST"]),
                Route("/v2/bot/message/push", self._push, methods=["POST"]),
                Route("/v2/bot/message/quota", self._quota, methods=["GET"]),
                Route("/v2/bot/message/quota/consumption", self._consumption, methods=["GET"]),
                Route("/v2/bot/message/validate/reply", self._validate, methods=["POST"]),
                Route("/v2/bot/message/validate/push", self._validate, methods=["POST"]),
                Route("/v2/bot/profile/{user_id}", self._profile, methods=["GET"]),
                Route("/v2/bot/info", self._bot_info, methods=["GET"]),
                Route("/v2/bot/chat/loading/start", self._loading, methods=["POST"]),
                Route("/v2/bot/message/{message_id}/content", self._content_data, methods=["GET"]),
                Route("/v2/bot/message/{message_id}/content/transcoding", self._transcoding, methods=["GET"]),
                Route("/{path:path}", self._not_found, methods=["GET", "POST", "PUT", "DELETE"]),
            ]
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)

    # -- what a test or the demo does on the platform's side

    def add_user(self, display_name: str, language: str | None = "ja", user_id: str | None = None) -> str:
        """Make a user who has added the official account; returns their user id."""
        user_id = user_id or "U" + secrets.token_hex(16)
        if not _CHAT_ID.match(user_id):
            raise ValueError("a LINE user id is U followed by 32 hex digits")
        self.users[user_id] = LineUser(user_id, display_name, language)
        return user_id

    def issue_reply_token(self, user_id: str) -> str:
        """A reply token as a webhook event for `user_id` would carry it; usable once, until it expires."""
        token = secrets.token_hex(16)
        self._reply_tokens[token] = _ReplyToken(user_id, self._clock() + self.reply_token_lifetime)
        return token

    def user_sends_content(
        self,
        data: bytes,
        content_type: str,
        *,
        transcoding: str | None = None,
        message_id: str | None = None,
        chunked: bool = False,
    ) -> str:
        """Content a user sent (a photo, voice note, video, file), kept for the data host; returns the message id.

        `transcoding` ("processing", "succeeded", "failed") is the preparation status of a video or audio;
        `chunked` serves it in pieces without announcing its length.
        """
        message_id = message_id or str(next(self._message_ids))
        self._content[message_id] = _Content(data, content_type, transcoding, chunked)
        return message_id

    def set_transcoding(self, message_id: str, status: str) -> None:
        content = self._content[message_id]
        self._content[message_id] = _Content(content.data, content.content_type, status, content.chunked)

    def forget_content(self, message_id: str) -> None:
        """LINE deletes content after a while; afterwards the data host answers 404."""
        self._content.pop(message_id, None)

    def fail_next(self, status: int, count: int = 1) -> None:
        self._failures.fail_next(status, count)

    def fail_for(self, seconds: float, status: int = 500) -> None:
        self._failures.fail_for(seconds, status)

    def hold_answers(self) -> None:
        """Do the work of each request but keep its answer back until `release_answers()`."""
        self._answers_open.clear()

    def release_answers(self) -> None:
        self._answers_open.set()

    def messages_to(self, user_id: str) -> list[dict[str, Any]]:
        return self.delivered.get(user_id, [])

    def texts_to(self, user_id: str) -> list[str]:
        return [str(m["text"]) for m in self.messages_to(user_id) if m.get("type") == "text"]

    # -- endpoints

    async def _reply(self, request: Request) -> Response:
        return await self._serve(request, self._answer_reply)

    async def _push(self, request: Request) -> Response:
        return await self._serve(request, self._answer_push)

    async def _validate(self, request: Request) -> Response:
        return await self._serve(request, self._answer_validate)

    async def _quota(self, request: Request) -> Response:
        return await self._serve(request, self._answer_quota)

    async def _consumption(self, request: Request) -> Response:
        return await self._serve(request, self._answer_consumption)

    async def _profile(self, request: Request) -> Response:
        if self.profile_delay:  # a slow profile API, as LINE's is on a bad day
            await asyncio.sleep(self.profile_delay)
        return await self._serve(request, self._answer_profile)

    async def _bot_info(self, request: Request) -> Response:
        return await self._serve(request, self._answer_bot_info)

    async def _loading(self, request: Request) -> Response:
        return await self._serve(request, self._answer_loading)

    async def _content_data(self, request: Request) -> Response:
        return await self._serve(request, self._answer_content)

    async def _transcoding(self, request: Request) -> Response:
        return await self._serve(request, self._answer_transcoding)

    async def _not_found(self, request: Request) -> Response:
        return await self._serve(request, lambda _request, _body: _error(404, "Not found"))

    async def _serve(self, request: Request, answer: Callable[[Request, Any], Response]) -> Response:
        raw = await request.body()
        body: Any = None
        parse_error = False
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                parse_error = True
        response = self._answer(request, body, parse_error, answer)
        self.requests.append(
            RecordedRequest(
                method=request.method,
                path=request.url.path,
                headers={k.lower(): v for k, v in request.headers.items()},
                body=body if not parse_error else raw.decode("utf-8", "replace"),
                status=response.status_code,
                received_at=self._clock(),
            )
        )
        response.headers["x-line-request-id"] = str(uuid.uuid4())
        await self._answers_open.wait()
        return response

    def _answer(
        self, request: Request, body: Any, parse_error: bool, answer: Callable[[Request, Any], Response]
    ) -> Response:
        failure = self._failures.take()
        if failure is not None:
            return _error(failure.status, _FAILURE_MESSAGES.get(failure.status, "Injected failure"))
        authorization = request.headers.get("authorization", "")
        if not authorization.startswith("Bearer "):
            return _error(401, _AUTH_MISSING)
        if not secrets.compare_digest(authorization.removeprefix("Bearer "), self.channel_access_token):
            return _error(401, _AUTH_FAILED)
        if parse_error:
            return _error(400, "The request body has 1 error(s)", [{"message": "Invalid JSON"}])
        return answer(request, body)

    def _answer_reply(self, _request: Request, body: Any) -> Response:
        problems = list(_check_send_body(body))
        if problems:
            return _invalid(problems)
        token = self._reply_tokens.get(str(body.get("replyToken", "")))
        if token is None or token.expires_at <= self._clock():
            return _error(400, "Invalid reply token")
        del self._reply_tokens[body["replyToken"]]
        return JSONResponse({"sentMessages": self._deliver(token.user_id, body["messages"])})

    def _answer_push(self, request: Request, body: Any) -> Response:
        problems = list(_check_send_body(body))
        to = body.get("to") if isinstance(body, dict) else None
        if not isinstance(to, str) or not _CHAT_ID.match(to):
            return _invalid([_problem("to", "The property, 'to', in the request body is invalid"), *problems])
        if problems:
            return _invalid(problems)
        retry_key = request.headers.get("x-line-retry-key")
        if retry_key is not None:
            try:
                retry_key = str(uuid.UUID(retry_key))
            except ValueError:
                return _error(400, "The value for the 'X-Line-Retry-Key' header is invalid")
            accepted = self._retry_keys.get(retry_key)
            if accepted is not None and accepted.expires_at > self._clock():
                return JSONResponse(
                    {"message": "The retry key is already accepted", "sentMessages": accepted.sent_messages},
                    status_code=409,
                    headers={"x-line-accepted-request-id": accepted.request_id},
                )
        if self.monthly_quota is not None and self.pushes_accepted >= self.monthly_quota:
            return _error(429, "You have reached your monthly limit.")
        sent = self._deliver(to, body["messages"])
        self.pushes_accepted += 1  # LINE counts a push by its recipients, not by its message objects
        response = JSONResponse({"sentMessages": sent})
        if retry_key is not None:
            request_id = str(uuid.uuid4())
            self._retry_keys[retry_key] = _AcceptedPush(request_id, sent, self._clock() + RETRY_KEY_LIFETIME)
        return response

    def _answer_quota(self, _request: Request, _body: Any) -> Response:
        if self.monthly_quota is None:
            return JSONResponse({"type": "none"})
        return JSONResponse({"type": "limited", "value": self.monthly_quota})

    def _answer_consumption(self, _request: Request, _body: Any) -> Response:
        return JSONResponse({"totalUsage": self.pushes_accepted})

    def _answer_validate(self, _request: Request, body: Any) -> Response:
        problems = list(_check_messages(body.get("messages") if isinstance(body, dict) else None))
        return _invalid(problems) if problems else JSONResponse({})

    def _answer_profile(self, request: Request, _body: Any) -> Response:
        user = self.users.get(request.path_params["user_id"])
        if user is None:
            return _error(404, "Not found")
        profile: dict[str, str] = {"displayName": user.display_name, "userId": user.user_id}
        if user.language is not None:
            profile["language"] = user.language
        return JSONResponse(profile)

    def _answer_content(self, request: Request, _body: Any) -> Response:
        content = self._content.get(request.path_params["message_id"])
        if content is None:
            return _error(404, "Not found")
        if content.transcoding not in (None, "succeeded"):
            return _error(404, "Not found")  # LINE has nothing to give before the preparation succeeded
        if content.chunked:
            data = content.data

            async def pieces() -> AsyncIterator[bytes]:
                for at in range(0, len(data), 256 * 1024):
                    yield data[at : at + 256 * 1024]

            return StreamingResponse(pieces(), media_type=content.content_type)
        return Response(content.data, media_type=content.content_type)

    def _answer_transcoding(self, request: Request, _body: Any) -> Response:
        content = self._content.get(request.path_params["message_id"])
        if content is None:
            return _error(404, "Not found")
        return JSONResponse({"status": content.transcoding or "succeeded"})

    def _answer_bot_info(self, _request: Request, _body: Any) -> Response:
        return JSONResponse(
            {
                "userId": self.bot_user_id,
                "basicId": "@000sandbox",
                "displayName": "Hotline sandbox",
                "chatMode": "bot",
                "markAsReadMode": "auto",
            }
        )

    def _answer_loading(self, _request: Request, body: Any) -> Response:
        chat_id = body.get("chatId") if isinstance(body, dict) else None
        if not isinstance(chat_id, str) or not chat_id.startswith("U"):
            return _invalid([{"message": "must be a user id", "property": "chatId"}])
        seconds = body.get("loadingSeconds", 20)
        if not isinstance(seconds, int) or seconds % 5 or not 5 <= seconds <= 60:
            return _invalid([_problem("loadingSeconds", "Must be a multiple of 5 between 5 and 60")])
        return JSONResponse({}, status_code=202)

    def _deliver(self, user_id: str, messages: list[dict[str, Any]]) -> list[dict[str, str]]:
        self.delivered.setdefault(user_id, []).extend(messages)
        return [{"id": str(next(self._message_ids)), "quoteToken": secrets.token_urlsafe(24)} for _ in messages]


def _problem(where: str, message: str) -> dict[str, str]:
    return {"message": message, "property": where}


def _error(status: int, message: str, details: list[dict[str, str]] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"message": message}
    if details:
        body["details"] = details
    return JSONResponse(body, status_code=status)


def _invalid(problems: list[dict[str, str]]) -> JSONResponse:
    return _error(400, f"The request body has {len(problems)} error(s)", problems)


def _check_send_body(body: Any) -> Iterator[dict[str, str]]:
    if not isinstance(body, dict):
        yield {"message": "Must be an object", "property": ""}
        return
    yield from _check_messages(body.get("messages"))


def _check_messages(messages: Any) -> Iterator[dict[str, str]]:
    if not isinstance(messages, list) or not 1 <= len(messages) <= MAX_MESSAGES_PER_REQUEST:
        yield {"message": f"Size must be between 1 and {MAX_MESSAGES_PER_REQUEST}", "property": "messages"}
        return
    for index, message in enumerate(messages):
        yield from _check_message(message, f"messages[{index}]")


def _check_message(message: Any, where: str) -> Iterator[dict[str, str]]:
    if not isinstance(message, dict):
        yield {"message": "Must be an object", "property": where}
        return
    kind = message.get("type")
    if kind not in MESSAGE_TYPES:
        yield _problem(f"{where}.type", f"Must be one of the following values: {list(MESSAGE_TYPES)}")
        return
    if kind in ("text", "textV2"):
        yield from _check_length(message.get("text"), MAX_TEXT_UTF16_UNITS, utf16_length, f"{where}.text")
    elif kind == "flex":
        yield from _check_length(message.get("altText"), MAX_ALT_TEXT, utf16_length, f"{where}.altText")
        if not isinstance(message.get("contents"), dict):
            yield {"message": "May not be empty", "property": f"{where}.contents"}
    elif kind == "template":
        yield from _check_length(message.get("altText"), MAX_TEMPLATE_ALT_TEXT, utf16_length, f"{where}.altText")
    elif kind in ("image", "video", "audio"):
        yield from _check_content_url(message.get("originalContentUrl"), f"{where}.originalContentUrl")
        if kind != "audio":
            yield from _check_content_url(message.get("previewImageUrl"), f"{where}.previewImageUrl")
        elif not isinstance(message.get("duration"), int) or message["duration"] < 1:
            yield {"message": "Must be a positive number of milliseconds", "property": f"{where}.duration"}
    if "quickReply" in message:
        yield from _check_quick_reply(message["quickReply"], f"{where}.quickReply")


def _check_content_url(url: Any, where: str) -> Iterator[dict[str, str]]:
    if not isinstance(url, str) or not url:
        yield {"message": "May not be empty", "property": where}
    elif not url.startswith("https://"):
        yield {"message": "Must be an HTTPS URL", "property": where}
    elif len(url) > MAX_CONTENT_URL:
        yield {"message": f"Length must be between 0 and {MAX_CONTENT_URL}", "property": where}


def _check_quick_reply(quick_reply: Any, where: str) -> Iterator[dict[str, str]]:
    items = quick_reply.get("items") if isinstance(quick_reply, dict) else None
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_QUICK_REPLY_ITEMS:
        yield {"message": f"Size must be between 1 and {MAX_QUICK_REPLY_ITEMS}", "property": f"{where}.items"}
        return
    for index, item in enumerate(items):
        item_where = f"{where}.items[{index}]"
        action = item.get("action") if isinstance(item, dict) else None
        if not isinstance(action, dict):
            yield {"message": "May not be empty", "property": f"{item_where}.action"}
            continue
        if action.get("type") not in QUICK_REPLY_ACTION_TYPES:
            yield {
                "message": f"Must be one of the following values: {list(QUICK_REPLY_ACTION_TYPES)}",
                "property": f"{item_where}.action.type",
            }
            continue
        yield from _check_action(action, f"{item_where}.action")


def _check_action(action: dict[str, Any], where: str) -> Iterator[dict[str, str]]:
    yield from _check_length(action.get("label"), MAX_QUICK_REPLY_LABEL_GRAPHEMES, grapheme_length, f"{where}.label")
    kind = action["type"]
    if kind == "message":
        yield from _check_length(action.get("text"), MAX_ACTION_TEXT_GRAPHEMES, grapheme_length, f"{where}.text")
    elif kind in ("postback", "datetimepicker"):
        yield from _check_length(action.get("data"), MAX_POSTBACK_DATA, len, f"{where}.data")
        if "displayText" in action:
            yield from _check_length(
                action["displayText"], MAX_ACTION_TEXT_GRAPHEMES, grapheme_length, f"{where}.displayText"
            )


def _check_length(value: Any, limit: int, measure: Callable[[str], int], where: str) -> Iterator[dict[str, str]]:
    if not isinstance(value, str) or value == "":
        yield {"message": "May not be empty", "property": where}
    elif measure(value) > limit:
        yield {"message": f"Length must be between 0 and {limit}", "property": where}
