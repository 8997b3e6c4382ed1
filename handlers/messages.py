"""The plain messages handlers read and write. Channel adapters translate them to and from LINE and Telegram."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

# What an inbound event is, as far as a conversation cares.
TEXT = "text"
PAYLOAD = "payload"  # a button was tapped
FOLLOW = "follow"  # added the bot / pressed Start
UNFOLLOW = "unfollow"  # blocked the bot
MEDIA = "media"  # image, video, audio, file: relayed when a case is open, otherwise politely declined
STICKER = "sticker"
GROUP = "group"  # a message from a group chat: the hotline works one to one
OTHER = "other"  # location, contact card, anything else we do not use


@dataclass(frozen=True)
class Button:
    label: str
    payload: str


@dataclass(frozen=True)
class Inbound:
    """One event from a person, whatever the platform.

    `address` is the platform's user id. Handlers use it only to find the contact; it is never copied
    into another table, a message or a log line.
    """

    channel: str
    address: str
    kind: str
    event_id: str
    text: str | None = None
    payload: str | None = None
    locale_hint: str | None = None
    reply_token: str | None = None
    media_type: str | None = None  # image | video | audio | file, with kind MEDIA
    media_ref: str | None = None  # platform message / file id, for relaying media
    received_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


@dataclass(frozen=True)
class Outbound:
    """One message to one contact: text, optional buttons, optional media to relay."""

    text: str
    buttons: tuple[Button, ...] = ()
    media_type: str | None = None
    media_ref: str | None = None
    media_channel: str | None = None  # the platform the media came from

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"text": self.text}
        if self.buttons:
            body["buttons"] = [[b.label, b.payload] for b in self.buttons]
        if self.media_type:
            body["media"] = {"type": self.media_type, "ref": self.media_ref, "channel": self.media_channel}
        return body

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Outbound:
        media = body.get("media") or {}
        return cls(
            text=body["text"],
            buttons=tuple(Button(label, payload) for label, payload in body.get("buttons", [])),
            media_type=media.get("type"),
            media_ref=media.get("ref"),
            media_channel=media.get("channel"),
        )
