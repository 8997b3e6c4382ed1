"""What a handler works with: the transaction, the person, their language, and the outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.i18n import Translator, translator
from handlers.media import Arrival, MediaFetcher
from handlers.messages import Button, Inbound, Outbound
from scheduler.hubs import HubMap, load_hub_map
from storage.models import Contact
from storage.outbox import enqueue, outbox_row
from storage.outbox_queue import queue
from storage.retention import RetentionPolicy


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Services:
    """Collaborators and settings handed in by the composition root."""

    pseudonym_key: bytes
    pseudonym_key_version: int = 1
    previous_pseudonym_key: bytes | None = None  # during a rotation, erasure looks under both
    hub_map: HubMap = field(default_factory=load_hub_map)
    clock: Callable[[], dt.datetime] = _utcnow
    # How long a supporter has to answer an offer: minutes on a consultation day, hours otherwise.
    offer_timeout_on_day: dt.timedelta = dt.timedelta(minutes=10)
    offer_timeout: dt.timedelta = dt.timedelta(hours=4)
    # LINE reply tokens live about a minute; past this we push instead.
    reply_token_lifetime: dt.timedelta = dt.timedelta(seconds=50)
    # Urgent cases are offered to this many supporters at once; the first to accept takes it, within this window.
    urgent_fan_out: int = 3
    urgent_offer_timeout: dt.timedelta = dt.timedelta(minutes=15)
    retention: RetentionPolicy = field(default_factory=RetentionPolicy)
    reopen_window: dt.timedelta = dt.timedelta(days=14)
    follow_up_stale_after: dt.timedelta = dt.timedelta(days=7)
    # Downloads photos, voice notes and documents from the platform they were sent on (the channels, wired in bot).
    media_fetcher: MediaFetcher | None = None


class NobodyWrote(RuntimeError):
    """A step that answers the person who wrote ran where nobody wrote (a timer, a coordinator's dashboard)."""


class Turn:
    """One inbound event being handled (`contact` wrote it), or work done for nobody in particular: a timer
    firing or a coordinator acting from the dashboard (then `contact` and `inbound` are None, and every message
    names its recipient with `send`)."""

    def __init__(
        self,
        session: AsyncSession,
        services: Services,
        contact: Contact | None = None,
        inbound: Inbound | None = None,
        now: dt.datetime | None = None,
        arrival: Arrival | None = None,
        *,
        queue_at_end: bool = False,
    ) -> None:
        self.session = session
        self.services = services
        self.person = contact
        self.inbound = inbound
        self.now = now if now is not None else services.clock()
        # The file of a MEDIA event, fetched and stripped before the turn's transaction, or what went wrong.
        self.arrival = arrival
        # With `queue_at_end`, the turn's messages are queued in the session (storage.outbox_queue) and written
        # with those of the other turns of the transaction (one INSERT, no ORM object each): for the inbox's
        # turns, whose worker writes them when its batch is done.
        self._queue_at_end = queue_at_end

    @property
    def contact(self) -> Contact:
        """The person who wrote. Raises `NobodyWrote` in a turn that has none."""
        if self.person is None:
            raise NobodyWrote("this turn acts for nobody in particular: name each recipient with send()")
        return self.person

    @property
    def message(self) -> Inbound:
        """The event being handled. Raises `NobodyWrote` in a timer's or the dashboard's turn."""
        if self.inbound is None:
            raise NobodyWrote("this turn handles no inbound event")
        return self.inbound

    @property
    def tr(self) -> Translator:
        return translator(self.contact.locale)

    def reply(self, text: str, buttons: tuple[Button, ...] | list[Button] = ()) -> None:
        """A message to the person who wrote, through the reply token while it is fresh."""
        if self.inbound is None:
            raise NobodyWrote("reply() in a turn without an inbound event: use send(contact_id, ...)")
        self.send(self.contact.id, Outbound(text, tuple(buttons)), use_reply_token=True)

    def send(self, contact_id: int, message: Outbound, *, use_reply_token: bool = False) -> None:
        token = None
        expires = None
        if use_reply_token and self.inbound is not None and self.inbound.reply_token:
            token = self.inbound.reply_token
            expires = self.inbound.received_at + self.services.reply_token_lifetime
        if self._queue_at_end:
            row = outbox_row(contact_id, message.to_json(), self.now, reply_token=token, reply_token_expires_at=expires)
            queue(self.session, row)
            return
        enqueue(
            self.session,
            contact_id,
            message.to_json(),
            self.now,
            reply_token=token,
            reply_token_expires_at=expires,
        )
