"""The channel interfaces: what the sender delivers through, and what the webhooks take in through.

A webhook is taken in in two steps: `authenticate` and `receive` in the request (verify, split into raw events
for the inbox, nothing else), then `read` in processing (the plain inbound messages, with the platform's hints
such as the LINE profile language). `parse` does both at once, for tools and tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

import regex  # type: ignore[import-untyped]

from handlers.messages import Inbound, Outbound
from storage.inbox import NewEvent


@dataclass(frozen=True)
class Delivery:
    """Messages for one address, sent as one platform call where the platform allows it.

    `retry_key` identifies the attempt across retries (LINE's `X-Line-Retry-Key`): the sender reuses it
    until the platform accepted the messages. `reply_token` is set only while it is still fresh.
    """

    address: str
    messages: tuple[Outbound, ...]
    retry_key: str
    reply_token: str | None = None


class DeliveryError(Exception):
    """A delivery failed. The message names the platform status, never an address or a text."""

    def __init__(self, reason: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Receipt:
    """What the platform accepted for one delivery: `pushes` counts LINE push requests (they cost quota)."""

    pushes: int = 0


@dataclass(frozen=True)
class PushQuotaReading:
    """LINE's quota API: this month's target limit (None when none is set) and messages sent so far."""

    limit: int | None
    used: int


# Awaited by a channel right before each request that could reach the platform (see Channel.deliver).
Begin = Callable[[], Awaitable[None]]


async def proceed() -> None:
    """A `Begin` that records nothing (tools and tests that deliver outside the sender)."""


class AttemptWithdrawn(Exception):
    """Raised by a delivery's `begin`: the sender may no longer make this attempt (its claim on the rows was taken
    back after its lease ran out). Nothing was sent; a channel lets it through untouched."""


class OutcomeUnknown(DeliveryError):
    """The request may have reached the platform, but its answer was lost (a timeout after the request was
    written, a connection dropped before the answer). Where the platform cannot de-duplicate a repeat, the sender
    records the delivery as `unknown` and does not send it again: a lost message rather than a doubled one."""


class ReplyTokenRefused(DeliveryError):
    """The platform refused the reply token (used or expired) before sending anything: push instead."""


class RetryableDelivery(DeliveryError):
    """Rate limited (429), a platform error (5xx) or the network: try again later."""


class PermanentDelivery(DeliveryError):
    """The platform refused the request (4xx): retrying would not help."""


class ChannelUnavailable(Exception):
    """A channel could not start: its platform is unreachable or refused us. `reason` says which (no secrets)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Channel(Protocol):
    """One platform, as the outbox sender sees it."""

    name: str
    # How many platform messages one send call may carry (LINE: 5; Telegram: 1).
    max_messages_per_call: int

    async def start(self) -> None:
        """Open clients; called inside the running event loop.

        Raises ChannelUnavailable when the platform cannot be reached; the app then calls it again later.
        """

    async def stop(self) -> None:
        """Close clients."""

    def message_count(self, message: Outbound) -> int:
        """How many platform messages `message` becomes once rendered (long texts are split)."""
        ...

    def repeatable(self, delivery: Delivery) -> bool:
        """Whether the platform de-duplicates a repeat of `delivery` under its retry key.

        The sender repeats an attempt whose outcome was lost (a crash mid-send) only when this is true.
        """
        ...

    async def deliver(self, delivery: Delivery, begin: Begin = proceed) -> Receipt:
        """Send the messages in order.

        `begin` is awaited after any pacing and right before each request that could reach the platform: the
        sender records there, durably, that the attempt began (only then may a crash leave its outcome unknown).
        Whatever `begin` raises (AttemptWithdrawn) propagates, and nothing more is sent.

        Raises ReplyTokenRefused when the reply token was refused before anything was sent,
        RetryableDelivery for 429, 5xx and failures before the request left (connection refused, DNS), with
        `retry_after` when the platform gave one, OutcomeUnknown when the platform may have the request but
        its answer was lost, and PermanentDelivery for other refusals. Returns normally when the platform
        accepted the messages, including when it says it accepted them before.
        """
        ...


class WebhookChannel(Channel, Protocol):
    """One platform, as the webhook route and the inbox workers see it.

    `headers` is a case-insensitive mapping (Starlette's `Headers`); channels look names up in lower case.
    """

    def authenticate(self, headers: Mapping[str, str]) -> None:
        """Refuse, before the body is read, a request whose headers show it is not from the platform.

        Raises WebhookRejected (401/403). A request that passes still has its body verified by `receive`
        where the platform signs the body (LINE).
        """
        ...

    def receive(self, body: bytes, headers: Mapping[str, str]) -> list[NewEvent]:
        """Verify the body (after `authenticate`) and split it into the raw events to keep.

        Raises WebhookRejected (400/401) for a body that is not the platform's; events we can tell are of
        no use (no event id, standby mode) are left out.
        """
        ...

    async def read(self, raw: str, received_at: dt.datetime) -> list[Inbound]:
        """The plain inbound messages of one raw event kept by `receive`: [] for an event we do not use or
        cannot read (it is logged by kind, never by content). May call the platform (LINE's profile)."""
        ...


async def parse(channel: WebhookChannel, body: bytes, headers: Mapping[str, str], now: dt.datetime) -> list[Inbound]:
    """A whole webhook as plain inbound messages: authenticate, receive and read in one go."""
    channel.authenticate(headers)
    inbound: list[Inbound] = []
    for event in channel.receive(body, headers):
        inbound.extend(await channel.read(event.raw, now))
    return inbound


def utf16_length(text: str) -> int:
    """Length as LINE and Telegram count it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


_GRAPHEME = regex.compile(r"\X")
# Where a label may be cut: a space, the zero-width space Khmer, Thai and Burmese put between words, or a
# comma-like mark of any of our scripts.
_WORD_END = regex.compile(r"[\s\u200b,、，၊។]")


def graphemes(text: str) -> list[str]:
    """The characters of `text` as a person sees them (Unicode grapheme clusters): a Khmer, Burmese or Sinhala
    syllable with its vowel signs and stacked consonants is one, as is an emoji with its modifiers."""
    return list(_GRAPHEME.findall(text))


def grapheme_length(text: str) -> int:
    """How LINE counts action labels and display texts (its "Counting characters" page): grapheme clusters."""
    return len(graphemes(text))


def fit_label(label: str, limit: int) -> str:
    """`label` in at most `limit` grapheme clusters, never cut inside a syllable.

    A label that is too long is cut at the last word break that keeps at least half of it (a space, or a comma
    of any of our scripts), else between two clusters, and ends with "…". Catalog labels are written to fit
    (tests/test_catalogs.py counts them the same way); this guards texts built at run time.
    """
    clusters = graphemes(label)
    if len(clusters) <= limit:
        return label
    kept = clusters[: limit - 1]
    for end in range(len(kept), len(kept) // 2, -1):
        if _WORD_END.fullmatch(kept[end - 1]) or _WORD_END.fullmatch(clusters[end]):
            kept = kept[:end]
            break
    return "".join(kept).rstrip(" \u200b,、，၊") + "…"


# Where a long text may be cut, best first: paragraphs, lines, sentences (Latin, CJK, Khmer, Burmese), words.
_CUT_AFTER = ("\n\n", "\n", ". ", "。", "! ", "? ", "！", "？", "។", "။", " ")


def split_text(text: str, limit: int) -> list[str]:
    """Cut `text` into parts of at most `limit` UTF-16 units, at the most natural boundary that fits."""
    parts: list[str] = []
    rest = text
    while utf16_length(rest) > limit:
        # The longest prefix that fits, in code points (never between the halves of a surrogate pair).
        fit = 0
        units = 0
        for char in rest:
            units += 2 if ord(char) > 0xFFFF else 1
            if units > limit:
                break
            fit += 1
        window = rest[:fit]
        cut = fit
        for mark in _CUT_AFTER:
            at = window.rfind(mark)
            if at > fit // 2:  # a boundary in the first half would make many small messages
                cut = at + len(mark)
                break
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not parts:
        parts.append(rest)
    return parts


class WebhookRejected(Exception):
    """A webhook request we refuse: `status` is the HTTP answer, the message says why (no ids)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
