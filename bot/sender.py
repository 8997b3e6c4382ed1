"""Drains the outbox through the channels, with retries, so a platform outage loses nothing.

A claim takes due rows, groups them into deliveries (one contact, one reply token, at most the
channel's messages per call), gives every row of a delivery the same retry key and leases the rows for
`lease` before committing. The sends happen outside any transaction; their outcomes are written after.
A delivery that failed keeps its rows and its retry key together, so LINE recognises a retried push
it already accepted (409) and nobody gets a message twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import structlog
from sqlalchemy import select, update

from bot.channels.base import Channel, Delivery, DeliveryError, PermanentDelivery
from handlers.messages import Outbound
from storage.db import Database
from storage.models import Contact, OutboxMessage
from storage.outbox import claim_due

log = structlog.get_logger()


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class _Batch:
    contact_id: int
    channel: str
    address: str
    retry_key: str
    reply_token: str | None
    rows: list[OutboxMessage] = field(default_factory=list)
    messages: list[Outbound] = field(default_factory=list)
    count: int = 0
    attempted_before: bool = False


@dataclass(frozen=True)
class _Outcome:
    row_ids: tuple[int, ...]
    error: DeliveryError | None = None
    attempts: int = 0


class OutboxSender:
    """Sends what the handlers queued. `drain_once()` for tests and the demo, `run()` as the app's task."""

    def __init__(
        self,
        db: Database,
        channels: Mapping[str, Channel],
        clock: Callable[[], dt.datetime] = _utcnow,
        *,
        claim_limit: int = 500,
        lease: dt.timedelta = dt.timedelta(seconds=60),
        first_backoff: dt.timedelta = dt.timedelta(seconds=2),
        max_backoff: dt.timedelta = dt.timedelta(minutes=10),
        concurrency: int = 32,
        idle_poll: float = 1.0,
        rng: random.Random | None = None,
    ) -> None:
        self.db = db
        self.channels = channels
        self.clock = clock
        self.claim_limit = claim_limit
        self.lease = lease
        self.first_backoff = first_backoff
        self.max_backoff = max_backoff
        self.idle_poll = idle_poll
        self._rng = rng or random.Random()  # noqa: S311 (jitter, not secrecy)
        self._semaphore = asyncio.Semaphore(concurrency)
        self._wake = asyncio.Event()

    def poke(self) -> None:
        """Something was queued: drain now rather than at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        """Drain until cancelled; sleep until poked (or `idle_poll` seconds) when nothing is due."""
        while True:
            self._wake.clear()
            try:
                handled = await self.drain_once()
            except Exception as exc:  # a database hiccup must not end the sender
                log.error("sender.drain_failed", error=type(exc).__name__)
                handled = 0
            if handled < self.claim_limit:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=self.idle_poll)

    async def drain_once(self) -> int:
        """Send every due message once; returns how many rows were handled (sent, failed or retried)."""
        now = self.clock()
        batches, unsendable = await self._claim(now)
        per_contact: dict[int, list[_Batch]] = {}
        for batch in batches:
            per_contact.setdefault(batch.contact_id, []).append(batch)
        results = await asyncio.gather(*(self._send_in_order(group) for group in per_contact.values()))
        outcomes = [outcome for group in results for outcome in group] + unsendable
        await self._record(outcomes)
        return sum(len(outcome.row_ids) for outcome in outcomes)

    async def _claim(self, now: dt.datetime) -> tuple[list[_Batch], list[_Outcome]]:
        async with self.db.transaction() as session:
            rows = list(await claim_due(session, now, self.claim_limit))
            if not rows:
                return [], []
            contact_ids = {row.contact_id for row in rows}
            contacts = {
                contact.id: contact
                for contact in await session.scalars(select(Contact).where(Contact.id.in_(contact_ids)))
            }
            batches: list[_Batch] = []
            unsendable: list[_Outcome] = []
            open_batch: dict[int, _Batch] = {}
            for row in sorted(rows, key=lambda r: (r.contact_id, r.id)):
                contact = contacts.get(row.contact_id)
                if contact is None or contact.platform_user_id is None or contact.blocked:
                    unsendable.append(_Outcome((row.id,), PermanentDelivery("contact gone"), row.attempts))
                    continue
                channel = self.channels.get(contact.channel)
                if channel is None:
                    unsendable.append(_Outcome((row.id,), DeliveryError("channel not configured"), 99))
                    continue
                message = Outbound.from_json(row.body)
                token = row.reply_token
                if token and (row.reply_token_expires_at is None or row.reply_token_expires_at <= now):
                    token = None
                size = channel.message_count(message)
                batch = open_batch.get(row.contact_id)
                joins = batch is not None and (
                    (batch.attempted_before and row.attempts > 0 and row.retry_key == batch.retry_key)
                    or (
                        not batch.attempted_before
                        and row.attempts == 0
                        and batch.reply_token == token
                        and batch.count + size <= channel.max_messages_per_call
                    )
                )
                if batch is None or not joins:
                    batch = _Batch(
                        contact_id=row.contact_id,
                        channel=contact.channel,
                        address=contact.platform_user_id,
                        retry_key=row.retry_key,
                        reply_token=token,
                        attempted_before=row.attempts > 0,
                    )
                    batches.append(batch)
                    open_batch[row.contact_id] = batch
                batch.rows.append(row)
                batch.messages.append(message)
                batch.count += size
                row.retry_key = batch.retry_key
                row.attempts += 1
                row.next_attempt_at = now + self.lease
        return batches, unsendable

    async def _send_in_order(self, batches: Sequence[_Batch]) -> list[_Outcome]:
        """One contact's deliveries, in order; after a failure the rest wait for the retry too."""
        outcomes: list[_Outcome] = []
        failed: DeliveryError | None = None
        for batch in batches:
            ids = tuple(row.id for row in batch.rows)
            attempts = max(row.attempts for row in batch.rows)
            if failed is not None:
                outcomes.append(
                    _Outcome(
                        ids,
                        DeliveryError(f"waiting: {failed.reason}", retry_after=failed.retry_after),
                        attempts,
                    )
                )
                continue
            delivery = Delivery(batch.address, tuple(batch.messages), batch.retry_key, batch.reply_token)
            try:
                async with self._semaphore:
                    await self.channels[batch.channel].deliver(delivery)
            except DeliveryError as exc:
                failed = exc
                outcomes.append(_Outcome(ids, exc, attempts))
                log.warning("sender.delivery_failed", channel=batch.channel, reason=exc.reason, attempts=attempts)
            except Exception as exc:  # a bug in rendering: retry later rather than lose the message
                failed = DeliveryError(f"unexpected {type(exc).__name__}")
                outcomes.append(_Outcome(ids, failed, attempts))
                log.error("sender.delivery_crashed", channel=batch.channel, error=type(exc).__name__)
            else:
                outcomes.append(_Outcome(ids))
        return outcomes

    def backoff(self, attempts: int, retry_after: float | None) -> dt.timedelta:
        """Exponential with jitter, capped; never sooner than the platform asked."""
        base = self.first_backoff.total_seconds() * 2 ** max(0, attempts - 1)
        delay = min(base, self.max_backoff.total_seconds()) * self._rng.uniform(0.5, 1.0)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return dt.timedelta(seconds=delay)

    async def _record(self, outcomes: Sequence[_Outcome]) -> None:
        if not outcomes:
            return
        now = self.clock()
        async with self.db.transaction() as session:
            sent = [row_id for outcome in outcomes if outcome.error is None for row_id in outcome.row_ids]
            if sent:
                await session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id.in_(sent))
                    .values(status="sent", sent_at=now, last_error=None)
                )
            for outcome in outcomes:
                error = outcome.error
                if error is None:
                    continue
                values: dict[str, object] = {"last_error": error.reason[:500]}
                if isinstance(error, PermanentDelivery):
                    values["status"] = "failed"
                else:
                    values["next_attempt_at"] = now + self.backoff(outcome.attempts, error.retry_after)
                await session.execute(
                    update(OutboxMessage).where(OutboxMessage.id.in_(outcome.row_ids)).values(**values)
                )
