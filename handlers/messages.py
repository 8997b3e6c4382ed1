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
    media_ref: str | None = None  # the platform's message or file id, to download it
    received_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


@dataclass(frozen=True)
class MediaRef:
    """A kept file (storage.media) that an outbound message carries: its URL token, kind, format, audio length."""

    token: str
    kind: str  # image | audio | video | file
    mime: str
    duration_ms: int | None = None

    def sent_as_link_on(self, channel: str) -> bool:
        """LINE bots can send photos, M4A audio (with its length) and MP4 video; anything else goes as a link."""
        if channel != "line":
            return False
        native = (
            self.kind == "image"
            or (self.kind == "audio" and self.mime == "audio/mp4" and bool(self.duration_ms))
            or (self.kind == "video" and self.mime == "video/mp4")
        )
        return not native


@dataclass(frozen=True)
class Outbound:
    """One message to one contact: text, optional buttons, optional file."""

    text: str
    buttons: tuple[Button, ...] = ()
    media: MediaRef | None = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"text": self.text}
        if self.buttons:
            body["buttons"] = [[b.label, b.payload] for b in self.buttons]
        if self.media is not None:
            body["media"] = {
                "token": self.media.token,
                "kind": self.media.kind,
                "mime": self.media.mime,
                "duration_ms": self.media.duration_ms,
            }
        return body

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Outbound:
        media = body.get("media") or {}
        return cls(
            text=body["text"],
            buttons=tuple(Button(label, payload) for label, payload in body.get("buttons", [])),
            media=MediaRef(media["token"], media["kind"], media["mime"], media.get("duration_ms"))
            if "token" in media
            else None,
        )
