"""A LINE webhook event (the JSON object LINE sends) as a plain inbound message, read from the dict itself.

The SDK's webhook models validate every field of every event with pydantic; on the message path that cost more
than the rest of the processing, so the few fields we use are read here and checked as strictly as the models
check them: a field of the wrong type makes the event unreadable (`UnreadableEvent`), never a crash.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from handlers.messages import FOLLOW, GROUP, MEDIA, OTHER, PAYLOAD, STICKER, TEXT, UNFOLLOW, Inbound

# The event types of the Messaging API (the SDK's discriminator map); any other is unreadable.
EVENT_TYPES = frozenset(
    {
        "accountLink", "activated", "beacon", "botResumed", "botSuspended", "deactivated", "delivery", "follow",
        "join", "leave", "memberJoined", "memberLeft", "membership", "message", "messageEdited", "module",
        "postback", "unfollow", "unsend", "videoPlayComplete",
    }
)  # fmt: skip
# Message content types: what each becomes (media carries its type); any other type is unreadable.
MESSAGE_KINDS = {
    "text": TEXT,
    "image": MEDIA,
    "video": MEDIA,
    "audio": MEDIA,
    "file": MEDIA,
    "sticker": STICKER,
    "location": OTHER,
}
_GROUP_EVENTS = frozenset({"message", "postback", "join"})


class UnreadableEvent(ValueError):
    """The event is not one LINE would send: a field we use is missing or of the wrong type."""


def _text(obj: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise UnreadableEvent(f"{key} is missing")
        return None
    if not isinstance(value, str):
        raise UnreadableEvent(f"{key} is not a string")
    return value


def _object(obj: dict[str, Any], key: str, *, required: bool = False) -> dict[str, Any] | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise UnreadableEvent(f"{key} is missing")
        return None
    if not isinstance(value, dict):
        raise UnreadableEvent(f"{key} is not an object")
    return value


def read_event(event: Any, channel: str, received_at: dt.datetime) -> Inbound | None:
    """The inbound message of one event, None for an event we do not use (standby, unsend, beacon, ...).

    Raises UnreadableEvent for an event that is not one LINE would send.
    """
    if not isinstance(event, dict):
        raise UnreadableEvent("an event is an object")
    kind = _text(event, "type", required=True)
    if kind not in EVENT_TYPES:
        raise UnreadableEvent("unknown event type")
    event_id = _text(event, "webhookEventId")
    source = _object(event, "source")
    token = _text(event, "replyToken")
    context = _object(event, "deliveryContext")
    redelivery = context is not None and context.get("isRedelivery") is True
    message = _object(event, "message", required=True) if kind == "message" else None
    content = MESSAGE_KINDS.get(_text(message, "type", required=True) or "") if message is not None else None
    if message is not None and content is None:
        raise UnreadableEvent("unknown message type")
    if not event_id or source is None or event.get("mode", "active") == "standby":
        return None
    common: dict[str, Any] = {
        "channel": channel,
        "event_id": event_id,
        # A redelivered event's reply token has most likely expired: push instead.
        "reply_token": None if redelivery else token,
        "received_at": received_at,
    }
    source_type = _text(source, "type", required=True)
    if source_type in ("group", "room"):
        address = _text(source, "groupId" if source_type == "group" else "roomId", required=True)
        return Inbound(address=address or "", kind=GROUP, **common) if kind in _GROUP_EVENTS else None
    user = _text(source, "userId") if source_type == "user" else None
    if not user:
        return None
    if message is not None:
        return _message(message, content or OTHER, user, common)
    if kind == "postback":
        postback = _object(event, "postback", required=True) or {}
        return Inbound(address=user, kind=PAYLOAD, payload=_text(postback, "data", required=True), **common)
    if kind == "follow":
        return Inbound(address=user, kind=FOLLOW, **common)
    if kind == "unfollow":
        return Inbound(address=user, kind=UNFOLLOW, **common)
    # unsend, messageEdited, beacon, accountLink, videoPlayComplete, membership, ...: not used.
    return None


def _message(message: dict[str, Any], kind: str, user: str, common: dict[str, Any]) -> Inbound:
    if kind == TEXT:
        return Inbound(address=user, kind=TEXT, text=_text(message, "text", required=True), **common)
    if kind == MEDIA:
        media_ref = _text(message, "id", required=True)
        return Inbound(address=user, kind=MEDIA, media_type=message["type"], media_ref=media_ref, **common)
    return Inbound(address=user, kind=kind, **common)
