"""LINE through line-bot-sdk 3: signed webhooks in, replies and pushes out (async API, aiohttp)."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import datetime as dt
import functools
import hashlib
import hmac
import json
import urllib.request
import uuid
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp
import structlog

from bot.channels.base import (
    Begin,
    Delivery,
    OutcomeUnknown,
    PermanentDelivery,
    PushQuotaReading,
    Receipt,
    ReplyTokenRefused,
    RetryableDelivery,
    WebhookRejected,
    fit_label,
    proceed,
    split_text,
)
from bot.channels.line_events import UnreadableEvent, read_event
from bot.channels.line_sdk import ApiClient, ApiException, Configuration
from bot.media import MediaUrls
from handlers.media import MAX_MEDIA_BYTES, Download, MediaGone, MediaTooLarge, MediaUnavailable
from handlers.messages import FOLLOW, Inbound, MediaRef, Outbound
from storage.inbox import NewEvent

log = structlog.get_logger()

# Limits from the Messaging API (and its "Counting characters" page): see ../shared/specs/README.md.
MAX_MESSAGES_PER_CALL = 5
CONTENT_CHUNK_BYTES = 64 * 1024
CONTENT_TIMEOUT_SECONDS = 120
MAX_TEXT_UNITS = 5000  # UTF-16 code units
TEXT_PART_UNITS = 4990  # "below 5000"
MAX_QUICK_REPLY_ITEMS = 13
MAX_QUICK_REPLY_LABEL = 20  # grapheme clusters, as LINE counts every action label
MAX_FLEX_BUTTON_LABEL = 40
MAX_DISPLAY_TEXT = 300
MAX_POSTBACK_DATA = 300
MAX_ALT_TEXT = 1500
MAX_CAROUSEL_BUBBLES = 12
BUTTONS_PER_BUBBLE = 10
# Content comes from the data host; a redirected API URL (the sandbox) serves both.
LINE_DATA_API = "https://api-data.line.me"
SEND_TIMEOUT = 10.0  # seconds; well inside the sender's lease
# Connections to the API host: as many as the sender has requests under way on a channel (64 interactive, 8 bulk),
# so that no request waits for a connection with its SEND_TIMEOUT running (the SDK's default is 5 per CPU). A
# reply that timed out is never repeated: it waited in the pool, but it might as well have reached LINE.
CONNECTIONS = 72
_JSON_HEADERS = {"Accept": "application/json", "Content-Type": "application/json"}
# What a send passes besides the session's headers (the SDK adds its own Content-Type when none is given).
_SEND_HEADERS = {"Content-Type": "application/json"}

JSONObject = dict[str, Any]

SIGNATURE_HEADER = "x-line-signature"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _sender(event: dict[str, Any]) -> str:
    """Whom an event's conversation is with: the group or room, else the user ("" when none is given)."""
    source = event.get("source")
    if not isinstance(source, dict):
        return ""
    for field in ("groupId", "roomId", "userId"):
        value = source.get(field)
        if isinstance(value, str) and value:
            return value
    return ""


def _fit_units(text: str, limit: int) -> str:
    """Alt texts count UTF-16 code units: the first part of the text that fits."""
    return split_text(text, limit)[0]


def render(message: Outbound, urls: MediaUrls | None = None) -> list[JSONObject]:
    """The LINE messages for one outbound message, as request JSON: text parts, a file, then buttons as quick
    replies or Flex. Plain dicts, not the SDK's models: a model per message costs more than the send.

    A photo, an M4A voice note or an MP4 video becomes an image, audio or video message at a signed URL of
    ours (LINE fetches it from there); any other file is a link at the end of the text. Without a public
    URL (`urls` None) a file is left out and the text still goes.
    """
    media = message.media
    if media is not None and urls is not None:
        if media.sent_as_link_on("line"):
            return render(Outbound(f"{message.text}\n{urls.url(media)}", message.buttons), None)
        rendered = render(Outbound(message.text, message.buttons), None)
        # Quick replies show under the last message only: with buttons, the file goes above the last text.
        at = len(rendered) - 1 if message.buttons else len(rendered)
        rendered.insert(at, _media_message(media, urls))
        return rendered
    return list(_rendered(message))


@functools.lru_cache(maxsize=4096)
def _rendered(message: Outbound) -> tuple[JSONObject, ...]:
    """Rendered once per distinct message: menus and acknowledgements repeat (the dicts are never changed)."""
    if message.buttons:
        return _render_with_buttons(message)
    return tuple(_texts(message.text))


def _texts(text: str) -> list[JSONObject]:
    return [{"type": "text", "text": part or " "} for part in split_text(text, TEXT_PART_UNITS)]


def _postback(label: str, payload: str, label_limit: int) -> JSONObject:
    return {
        "type": "postback",
        "label": fit_label(label, label_limit),
        "data": payload[:MAX_POSTBACK_DATA],
        "displayText": fit_label(label, MAX_DISPLAY_TEXT),
    }


def _render_with_buttons(message: Outbound) -> tuple[JSONObject, ...]:
    texts = _texts(message.text)
    if len(message.buttons) <= MAX_QUICK_REPLY_ITEMS:
        items = [
            {"type": "action", "action": _postback(b.label, b.payload, MAX_QUICK_REPLY_LABEL)} for b in message.buttons
        ]
        texts[-1] = {**texts[-1], "quickReply": {"items": items}}
        return tuple(texts)
    return (*texts, _flex_buttons(message))


def _media_message(media: MediaRef, urls: MediaUrls) -> JSONObject:
    original = urls.url(media)
    if media.kind == "image":
        return {"type": "image", "originalContentUrl": original, "previewImageUrl": urls.url(media, preview=True)}
    if media.kind == "audio":
        return {"type": "audio", "originalContentUrl": original, "duration": media.duration_ms}
    return {"type": "video", "originalContentUrl": original, "previewImageUrl": urls.url(media, preview=True)}


def _flex_buttons(message: Outbound) -> JSONObject:
    buttons = [
        {
            "type": "button",
            "style": "secondary",
            "action": _postback(b.label, b.payload, MAX_FLEX_BUTTON_LABEL),
            "margin": "sm",
            "height": "sm",
        }
        for b in message.buttons
    ]
    pages = [buttons[i : i + BUTTONS_PER_BUBBLE] for i in range(0, len(buttons), BUTTONS_PER_BUBBLE)]
    bubbles = [
        {"type": "bubble", "body": {"type": "box", "layout": "vertical", "contents": page}}
        for page in pages[:MAX_CAROUSEL_BUBBLES]
    ]
    contents = bubbles[0] if len(bubbles) == 1 else {"type": "carousel", "contents": bubbles}
    return {"type": "flex", "altText": _fit_units(message.text or "…", MAX_ALT_TEXT), "contents": contents}


class LineChannel:
    """The LINE Messaging API. Create inside the running loop (`start`): aiohttp binds to it."""

    name = "line"
    max_messages_per_call = MAX_MESSAGES_PER_CALL
    # `deliver` makes its first request right after `begin` (no rate limit to wait for): the sender may begin a
    # delivery in the transaction that claims it.
    begins_at_once = True

    def __init__(
        self,
        channel_secret: str,
        access_token: str,
        api_url: str = "https://api.line.me",
        *,
        clock: Callable[[], dt.datetime] = _utcnow,
        media_urls: MediaUrls | None = None,
        transcoding_polls: int = 5,
        transcoding_pause: float = 1.0,
        send_timeout: float = SEND_TIMEOUT,
    ) -> None:
        self._secret = channel_secret.encode("utf-8")
        self._configuration = Configuration(host=api_url, access_token=access_token)
        self._configuration.connection_pool_maxsize = CONNECTIONS
        data_url = LINE_DATA_API if api_url.rstrip("/") == "https://api.line.me" else api_url
        self._data_configuration = Configuration(host=data_url, access_token=access_token)
        self._clock = clock
        self._media_urls = media_urls
        self._transcoding_polls = transcoding_polls
        self._transcoding_pause = transcoding_pause
        self._client: ApiClient | None = None
        self._send_timeout = aiohttp.ClientTimeout(total=send_timeout)  # not one made per request
        self._data_client: ApiClient | None = None

    async def start(self) -> None:
        self._client = _without_proxy_lookups(ApiClient(self._configuration), self._configuration.host)
        # Every send's headers but the retry key (the token, User-Agent, JSON) are the session's own, so aiohttp
        # does not merge them into each request's; the SDK's own calls pass theirs, which take precedence.
        self._client.rest_client.pool_manager.headers.update({**self._client.default_headers, **_JSON_HEADERS})
        self._data_client = _without_proxy_lookups(ApiClient(self._data_configuration), self._data_configuration.host)

    async def stop(self) -> None:
        for client in (self._client, self._data_client):
            if client is not None:
                await client.close()
        self._client = self._data_client = None

    async def fetch_media(self, inbound: Inbound) -> Download:
        """The content of an image, video, audio or file message, from LINE's data host.

        Video and audio are prepared by LINE first: their transcoding status is polled until it succeeds.
        Raises MediaUnavailable (network, 5xx, still preparing), MediaGone (deleted, failed) or MediaTooLarge.
        """
        if self._data_client is None:
            raise RuntimeError("LineChannel.start() was not awaited")
        message_id = inbound.media_ref or ""
        try:
            if inbound.media_type in ("video", "audio"):
                for poll in range(self._transcoding_polls):
                    status = await self._get_json(
                        self._data_client,
                        self._data_configuration.host,
                        f"/v2/bot/message/{quote(message_id, safe='')}/content/transcoding",
                    )
                    if status.get("status") == "succeeded":
                        break
                    if status.get("status") == "failed":
                        raise MediaGone("LINE could not prepare the content")
                    if poll + 1 < self._transcoding_polls:
                        await asyncio.sleep(self._transcoding_pause)
                else:
                    raise MediaUnavailable("LINE is still preparing the content")
            return await self._download_content(message_id)
        except ApiException as exc:
            status_code = int(exc.status or 0)
            if status_code == 429 or status_code >= 500 or status_code == 0:
                raise MediaUnavailable(f"LINE {status_code}") from None
            raise MediaGone(f"LINE {status_code}") from None
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise MediaUnavailable(f"network: {type(exc).__name__}") from None

    async def _download_content(self, message_id: str) -> Download:
        """GET the content through the SDK's HTTP client, streamed: refused as soon as it is over MAX_MEDIA_BYTES.

        (The SDK's blob methods read the whole body into memory first.) Raises ApiException for a non-2xx answer.
        """
        if self._data_client is None:
            raise RuntimeError("LineChannel.start() was not awaited")
        url = f"{self._data_configuration.host}/v2/bot/message/{quote(message_id, safe='')}/content"
        headers = {
            **self._data_client.default_headers,
            "Authorization": f"Bearer {self._data_configuration.access_token}",
        }
        response: aiohttp.ClientResponse = await self._data_client.rest_client.request(
            "GET",
            url,
            headers=headers,
            _preload_content=False,
            _request_timeout=aiohttp.ClientTimeout(total=CONTENT_TIMEOUT_SECONDS),
        )
        async with response:
            if not 200 <= response.status <= 299:
                raise ApiException(status=response.status, reason=response.reason)
            if response.content_length is not None and response.content_length > MAX_MEDIA_BYTES:
                raise MediaTooLarge(f"{response.content_length} bytes announced")
            data = bytearray()
            async for chunk in response.content.iter_chunked(CONTENT_CHUNK_BYTES):
                data += chunk
                if len(data) > MAX_MEDIA_BYTES:
                    raise MediaTooLarge(f"over {MAX_MEDIA_BYTES} bytes")
            return Download(bytes(data), response.headers.get("Content-Type"))

    # Inbound

    def authenticate(self, headers: Mapping[str, str]) -> None:
        if not headers.get(SIGNATURE_HEADER):
            raise WebhookRejected(401, "missing X-Line-Signature")

    def receive(self, body: bytes, headers: Mapping[str, str]) -> list[NewEvent]:
        """Verify the signature on the raw body and split the body into its events, kept raw.

        Raises WebhookRejected(401) for a missing or wrong signature and (400) for a body that is not a
        LINE webhook. Events without an id and events in standby mode (another bot answers) are left out.
        """
        signature = headers.get(SIGNATURE_HEADER)
        if not signature:
            raise WebhookRejected(401, "missing X-Line-Signature")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise WebhookRejected(400, "body is not UTF-8") from None
        if not _signature_matches(self._secret, body, signature):
            raise WebhookRejected(401, "wrong X-Line-Signature")
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            raise WebhookRejected(400, "body is not JSON") from None
        events = data.get("events") if isinstance(data, dict) else None
        if not isinstance(events, list) or not all(isinstance(event, dict) for event in events):
            raise WebhookRejected(400, "body is not a LINE webhook")
        kept = []
        for event in events:
            event_id = event.get("webhookEventId")
            if not isinstance(event_id, str) or not 0 < len(event_id) <= 128 or event.get("mode") == "standby":
                log.info("line.event_ignored", event_type=str(event.get("type"))[:32])
                continue
            raw = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
            kept.append(NewEvent(self.name, event_id, _sender(event), raw))
        return kept

    async def read(self, raw: str, received_at: dt.datetime) -> list[Inbound]:
        """The event as a plain inbound message; a follow gets the language of the person's LINE profile."""
        try:
            event = json.loads(raw)
            inbound = read_event(event, self.name, received_at)
        except (UnreadableEvent, ValueError, RecursionError):
            log.info("line.event_unreadable")
            return []
        if inbound is None:
            log.info("line.event_ignored", event_type=str(event.get("type"))[:32])
            return []
        return await self.with_profile_language([inbound])

    # Outbound

    def message_count(self, message: Outbound) -> int:
        return len(render(message, self._media_urls))

    def repeatable(self, delivery: Delivery) -> bool:
        # A push carries X-Line-Retry-Key (LINE answers a repeat with 409); a reply has no such key.
        return delivery.reply_token is None

    async def deliver(self, delivery: Delivery, begin: Begin = proceed) -> Receipt:
        rendered: list[JSONObject] = []
        for message in delivery.messages:
            rendered.extend(render(message, self._media_urls))
        step = MAX_MESSAGES_PER_CALL
        chunks = [rendered[i : i + step] for i in range(0, len(rendered), step)]
        base_key = uuid.UUID(delivery.retry_key)
        pushes = 0
        for index, chunk in enumerate(chunks):
            await begin()
            if index == 0 and delivery.reply_token:
                await self._reply(delivery.reply_token, chunk)
                continue
            key = str(base_key if index == 0 else uuid.uuid5(base_key, str(index)))
            await self._push(delivery.address, chunk, key)
            pushes += 1
        return Receipt(pushes=pushes)

    async def _reply(self, token: str, messages: list[JSONObject]) -> None:
        """Raises ReplyTokenRefused when the token was no longer valid (nothing was sent: push instead)."""
        try:
            body = {"replyToken": token, "messages": messages, "notificationDisabled": False}
            await self._call("/v2/bot/message/reply", body)
        except ApiException as exc:
            if exc.status == 400 and b"reply token" in _body_bytes(exc).lower():
                raise ReplyTokenRefused("LINE 400 Invalid reply token", status=400) from None
            raise _delivery_error(exc) from None
        except aiohttp.ClientConnectorError as exc:  # nothing left us: the token is still unused
            raise RetryableDelivery(f"network: {type(exc).__name__}") from None
        except (aiohttp.ClientError, TimeoutError) as exc:
            # LINE may have taken the reply and used the token: a retry would be refused and fall back to a push,
            # the same message twice. Unknown instead, never repeated (pushes are repeated: their retry key).
            raise OutcomeUnknown(f"LINE reply: {type(exc).__name__} after the request was sent") from None

    async def _push(self, address: str, messages: list[JSONObject], retry_key: str) -> None:
        body = {"to": address, "messages": messages, "notificationDisabled": False}
        try:
            await self._call("/v2/bot/message/push", body, {"X-Line-Retry-Key": retry_key})
        except ApiException as exc:
            if exc.status == 409:  # accepted before under this retry key
                return
            raise _delivery_error(exc) from None
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise RetryableDelivery(f"network: {type(exc).__name__}") from None

    async def _call(self, path: str, body: JSONObject, headers: dict[str, str] | None = None) -> None:
        """POST a plain JSON body through the SDK's REST client (its aiohttp session and pool; ApiException for a
        non-2xx answer). Not through `ApiClient.call_api`: that walks the body and the headers again
        (sanitize_for_serialization) and looks the credentials up for every call, a tenth of the server's CPU."""
        if self._client is None:
            raise RuntimeError("LineChannel.start() was not awaited")
        await self._client.rest_client.request(
            "POST",
            self._configuration.host + path,
            headers={**_SEND_HEADERS, **headers} if headers else dict(_SEND_HEADERS),  # the SDK may add to it
            body=body,
            _request_timeout=self._send_timeout,
        )

    async def read_quota(self) -> PushQuotaReading:
        """LINE's target limit for this month (None when no limit is set) and its count of messages sent.

        Raises DeliveryError when LINE cannot be asked.
        """
        client, host = self._api()
        try:
            quota = await self._get_json(client, host, "/v2/bot/message/quota")
            usage = await self._get_json(client, host, "/v2/bot/message/quota/consumption")
        except ApiException as exc:
            raise _delivery_error(exc) from None
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise RetryableDelivery(f"network: {type(exc).__name__}") from None
        value = quota.get("value")
        limit = int(value) if quota["type"] == "limited" and value is not None else None
        return PushQuotaReading(limit=limit, used=int(usage["totalUsage"]))

    async def with_profile_language(self, events: list[Inbound]) -> list[Inbound]:
        """Give follow events the language of the person's LINE profile, the platform's hint for the greeting.

        Only follows pay for the profile call (once per person); a slow or failing profile API costs the hint,
        never the event.
        """
        result = []
        for inbound in events:
            if inbound.kind == FOLLOW and inbound.locale_hint is None:
                try:
                    client, host = self._api()
                    async with asyncio.timeout(2.0):
                        profile = await self._get_json(
                            client, host, f"/v2/bot/profile/{quote(inbound.address, safe='')}"
                        )
                    language = profile.get("language")
                    inbound = dataclasses.replace(inbound, locale_hint=language if isinstance(language, str) else None)
                except Exception as exc:
                    log.info("line.profile_unavailable", error=type(exc).__name__)
            result.append(inbound)
        return result

    def _api(self) -> tuple[ApiClient, str]:
        if self._client is None:
            raise RuntimeError("LineChannel.start() was not awaited")
        return self._client, self._configuration.host

    async def _get_json(self, client: ApiClient, host: str, path: str) -> JSONObject:
        """GET a JSON object through the SDK's REST client (ApiException for a non-2xx answer)."""
        response = await client.rest_client.request(
            "GET",
            host + path,
            headers={**client.default_headers, **_JSON_HEADERS},
            _request_timeout=SEND_TIMEOUT,
        )
        data = json.loads(response.data)
        if not isinstance(data, dict):
            raise ValueError(f"LINE answered {path} with {type(data).__name__}, not an object")
        return data


def _signature_matches(secret: bytes, body: bytes, signature: str) -> bool:
    """LINE's X-Line-Signature check, as the SDK's SignatureValidator does it (which would import every webhook
    model with it): base64 of the HMAC-SHA256 of the body under the channel secret, compared in constant time."""
    expected = base64.b64encode(hmac.new(secret, body, hashlib.sha256).digest())
    return hmac.compare_digest(signature.encode("utf-8"), expected)


def _without_proxy_lookups(client: ApiClient, host: str) -> ApiClient:
    """The SDK's client, whose aiohttp session no longer looks up a proxy and ~/.netrc for every request.

    The SDK opens its session with `trust_env=True`: aiohttp then reads the proxy variables and ~/.netrc on a
    worker thread for each request, two thread hops per reply. Where the environment names a proxy for `host`
    (asked once, here) the session keeps doing so; elsewhere it stops.
    """
    parts = urlsplit(host)
    proxied = parts.scheme in urllib.request.getproxies() and not urllib.request.proxy_bypass(parts.hostname or "")
    if not proxied:
        client.rest_client.pool_manager._trust_env = False
    return client


def _body_bytes(exc: ApiException) -> bytes:
    body = exc.body
    if isinstance(body, bytes):
        return body
    return str(body or "").encode()


def _delivery_error(exc: ApiException) -> RetryableDelivery | PermanentDelivery:
    status = int(exc.status or 0)
    # The reason is LINE's own message ("Invalid reply token", "The request body has 1 error(s)"): no ids.
    try:
        message = str(json.loads(_body_bytes(exc)).get("message", ""))[:200]
    except (ValueError, AttributeError):
        message = ""
    reason = f"LINE {status} {message}".strip()
    retry_after = None
    headers = exc.headers or {}
    raw = headers.get("Retry-After") if hasattr(headers, "get") else None
    if raw is not None:
        try:
            retry_after = float(raw)
        except ValueError:
            retry_after = None
    if status == 429 or status >= 500 or status == 0:
        return RetryableDelivery(reason, status=status, retry_after=retry_after)
    return PermanentDelivery(reason, status=status)


__all__ = ["LineChannel", "render"]
