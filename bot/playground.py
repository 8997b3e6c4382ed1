"""Play people talking to the hotline, through the real handlers, outbox and sender.

The demo and the scenario tests use it the way errbot's test backend is used: say something as a migrant, tap a
button as a supporter, and read what each person's phone would show. Deliveries go to in-memory recording channels;
the LINE and Telegram adapters are exercised against loopback fakes elsewhere (`bot.sandbox`).
"""

from __future__ import annotations

import abc
import itertools
from dataclasses import dataclass, field

from bot.channels.recording import RecordingChannel
from bot.sender import OutboxSender
from handlers.context import Services
from handlers.inbox import handle_inbound
from handlers.messages import FOLLOW, MEDIA, PAYLOAD, STICKER, TEXT, Inbound, Outbound
from handlers.timers import fire_due_timers
from storage.db import Database


@dataclass
class Person:
    """Someone with an account on one platform. `seen` counts the messages already read by `news()`."""

    channel: str
    address: str
    locale_hint: str | None = None
    seen: int = field(default=0)


class Phones(abc.ABC):
    """Reading what arrived on people's phones; `received` is each platform's own."""

    @abc.abstractmethod
    def received(self, person: Person) -> list[Outbound]:
        """Everything the person's phone shows from the hotline, oldest first."""

    def news(self, person: Person) -> list[Outbound]:
        """What arrived on the person's phone since the last look."""
        everything = self.received(person)
        fresh, person.seen = everything[person.seen :], len(everything)
        return fresh

    @staticmethod
    def button(messages: list[Outbound], payload_prefix: str) -> str:
        """The payload of the last button starting with `payload_prefix` among the messages."""
        for message in reversed(messages):
            for button in message.buttons:
                if button.payload.startswith(payload_prefix):
                    return button.payload
        shown = [b.payload for m in messages for b in m.buttons]
        raise AssertionError(f"no button {payload_prefix!r} among {shown}")


class Playground(Phones):
    def __init__(self, db: Database, services: Services) -> None:
        self.db = db
        self.services = services
        self.channels = {name: RecordingChannel(name) for name in ("line", "telegram", "sandbox")}
        self.sender = OutboxSender(db, self.channels, clock=services.clock)
        self._ids = itertools.count(1)

    def person(self, channel: str = "line", locale_hint: str | None = None) -> Person:
        return Person(channel, f"{channel}-user-{next(self._ids):04d}", locale_hint)

    async def _event(self, person: Person, kind: str, **fields: object) -> list[Outbound]:
        inbound = Inbound(
            channel=person.channel,
            address=person.address,
            kind=kind,
            event_id=f"ev-{next(self._ids)}",
            locale_hint=person.locale_hint,
            received_at=self.services.clock(),
            **fields,  # type: ignore[arg-type]
        )
        await handle_inbound(self.db, self.services, inbound)
        await self.sender.drain_once()
        return self.news(person)

    async def follow(self, person: Person) -> list[Outbound]:
        return await self._event(person, FOLLOW)

    async def say(self, person: Person, text: str) -> list[Outbound]:
        return await self._event(person, TEXT, text=text)

    async def tap(self, person: Person, payload: str) -> list[Outbound]:
        return await self._event(person, PAYLOAD, payload=payload)

    async def send_photo(self, person: Person) -> list[Outbound]:
        return await self._event(person, MEDIA, media_type="image", media_ref=f"m-{next(self._ids)}")

    async def send_sticker(self, person: Person) -> list[Outbound]:
        return await self._event(person, STICKER)

    async def tick(self) -> int:
        """Fire the timers that are due by the services' clock and send what they queued."""
        fired = await fire_due_timers(self.db, self.services)
        await self.sender.drain_once()
        return fired

    def received(self, person: Person) -> list[Outbound]:
        return list(self.channels[person.channel].received[person.address])
