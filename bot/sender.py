"""Drains the outbox through the channels: interactive replies first, each outcome recorded when known.

A claim takes the due queues of a few people (storage.outbox.claim), marks their rows `claimed` with a
lease, splits each person's rows into deliveries (one reply token, at most the channel's messages per
call) and, for a delivery the platform de-duplicates (a LINE push under X-Line-Retry-Key), marks its rows
repeatable under the delivery's retry key, all before any call. A delivery may then wait (behind the person's
earlier ones, on Telegram's rate limits); right before its first request the channel awaits its `begin`, and
the request goes only once the rows are `sending` (storage.outbox.begin_attempts). Each delivery's outcome is
recorded when known (sent, retry with backoff, failed, unknown; LINE pushes counted in the month's ledger). One
writer does both, every few milliseconds: the outcomes known and the attempts beginning since its last write go
in one short transaction, not one each (on SQLite a transaction costs more than the statements in it).

If the process dies, the leases run out and `recover_expired_leases` takes back the claimed rows whose
attempt never began (sent later, as if never claimed), repeats the repeatable attempts (LINE answers 409 to one
it accepted: counted as delivered) and marks any other attempt `unknown` (logged), never sent twice.

A Telegram request that timed out after it was written is `unknown` too (the Bot API has no idempotency key);
one that never left (connection refused, DNS) is retried. See bot.channels.telegram.

Interactive replies and bulk announcements have separate lanes with their own concurrency, and the
interactive lane is claimed first, so a reply never queues behind a broadcast to 50,000 people. A lane claims
many people at once (few claiming transactions per message, which matters on PostgreSQL where each is several
round trips on a busy event loop) and sends at most `concurrency` requests at a time per channel, so that
deliveries waiting on Telegram's rate limits never hold up LINE's.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import random
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog

from bot.channels.base import (
    AttemptWithdrawn,
    Begin,
    Channel,
    Delivery,
    DeliveryError,
    OutcomeUnknown,
    PermanentDelivery,
    PushQuotaReading,
    Receipt,
    ReplyTokenRefused,
)
from handlers.messages import Outbound
from storage.db import Database
from storage.outbox import (
    ClaimedRow,
    OutboxStatus,
    Priority,
    begin_attempts,
    claim,
    mark_failed,
    mark_repeatable,
    mark_retry,
    mark_sent,
    recover_expired_leases,
    release,
)
from storage.pushes import count_pushes, record_quota

log = structlog.get_logger()


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class _Delivery:
    channel: str
    address: str
    retry_key: str
    reply_token: str | None
    attempts: int
    claimed_until: dt.datetime  # the lease of the claim that took the rows; it also names the claim
    row_ids: list[int] = field(default_factory=list)
    messages: list[Outbound] = field(default_factory=list)
    count: int = 0
    begun: bool = False  # the rows are `sending`: a request may reach the platform
    # Begun in the claiming transaction, its lane's slot taken there too, for a delivery that starts at once:
    # `slot_held` until it is given back; `requested` once the channel has called its `begin`.
    slot_held: bool = False
    requested: bool = False

    def as_delivery(self) -> Delivery:
        return Delivery(self.address, tuple(self.messages), self.retry_key, self.reply_token)


@dataclass(frozen=True)
class _Outcome:
    row_ids: tuple[int, ...]
    error: DeliveryError | None = None
    attempts: int = 0
    pushes: int = 0
    # Set when the attempt never began: the rows go back to `pending` if that claim still holds them.
    claimed_until: dt.datetime | None = None
    # With `claimed_until`: the rows were begun by the claim, but their request never went.
    begun: bool = False


@dataclass
class _Lane:
    capacity: int  # people claimed at once
    requests: int  # deliveries under way at once, per channel
    in_flight: int = 0  # people whose deliveries are under way
    idle_until: dt.datetime | None = None  # not claimed before then: the last claim found nothing
    slots: dict[str, asyncio.Semaphore] = field(default_factory=dict)

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.in_flight)

    def slot(self, channel: str) -> asyncio.Semaphore:
        if channel not in self.slots:
            self.slots[channel] = asyncio.Semaphore(self.requests)
        return self.slots[channel]


class OutboxSender:
    """Sends what the handlers queued. `run()` as the app's task; `drain_once()` for tests and the demo."""

    def __init__(
        self,
        db: Database,
        channels: Mapping[str, Channel],
        clock: Callable[[], dt.datetime] = _utcnow,
        *,
        claim_limit: int = 500,
        lease: dt.timedelta = dt.timedelta(seconds=30),
        first_backoff: dt.timedelta = dt.timedelta(seconds=2),
        max_backoff: dt.timedelta = dt.timedelta(minutes=10),
        concurrency: int = 64,
        claim_people: int = 256,
        bulk_concurrency: int = 8,
        idle_poll: float = 1.0,
        claim_interval: float = 0.02,
        bulk_idle: dt.timedelta = dt.timedelta(seconds=0.25),
        recover_every: dt.timedelta = dt.timedelta(seconds=5),
        record_batch: int = 500,
        write_interval: float = 0.005,
        shutdown_grace: float = 5.0,
        quota_every: dt.timedelta = dt.timedelta(days=1),
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
        self.claim_interval = claim_interval
        self.bulk_idle = bulk_idle
        self._last_claim = -claim_interval
        self.recover_every = recover_every
        self.record_batch = record_batch
        self.write_interval = write_interval
        self.shutdown_grace = shutdown_grace
        self.quota_every = quota_every
        self._rng = rng or random.Random()  # noqa: S311 (jitter, not secrecy)
        self._lanes = {
            Priority.INTERACTIVE: _Lane(max(claim_people, concurrency), concurrency),
            Priority.BULK: _Lane(bulk_concurrency, bulk_concurrency),
        }
        self._wake = asyncio.Event()
        self._outcomes: asyncio.Queue[_Outcome] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None
        self._to_write = asyncio.Event()  # a begin or an outcome waits for the writer
        self._groups: set[asyncio.Task[None]] = set()
        self._next_recovery: dt.datetime | None = None
        self._beginning: list[tuple[_Delivery, asyncio.Future[bool]]] = []

    def poke(self) -> None:
        """Something was queued: claim now rather than at the next poll."""
        self._wake.set()

    # -- the long-running task

    async def run(self) -> None:
        """Claim and send until cancelled. On cancellation, stop claiming and give the sends under way
        `shutdown_grace` seconds to finish and be recorded; what is still in flight then is left to
        `recover_expired_leases` in the next process."""
        self._writer = asyncio.create_task(self._write_forever(), name="outbox-writer")
        quota = asyncio.create_task(self._watch_line_quota(), name="line-quota") if self._line() else None
        loop = asyncio.get_running_loop()
        try:
            while True:
                self._wake.clear()
                try:
                    await self._recover_if_due()
                    await self._claim_and_start()
                except Exception as exc:  # a database hiccup must not end the sender
                    log.error("sender.claim_failed", error=type(exc).__name__)
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.idle_poll):  # not wait_for: on 3.11 it can swallow a cancel
                        await self._wake.wait()
                # Under load the workers poke at every commit: claiming at most every `claim_interval` gathers
                # what several commits queued into one claim (and one begin, one record) instead of one each.
                await asyncio.sleep(max(0.0, self._last_claim + self.claim_interval - loop.time()))
                self._last_claim = loop.time()
        finally:
            if quota is not None:
                quota.cancel()
            await self._wind_down()

    async def _wind_down(self) -> None:
        groups = list(self._groups)
        if groups:
            _, still = await asyncio.wait(groups, timeout=self.shutdown_grace)
            for task in still:
                task.cancel()
            await asyncio.gather(*still, return_exceptions=True)
        writer = self._writer
        if writer is not None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.shutdown_grace):
                    await self._outcomes.join()
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
            self._writer = None

    async def _claim_and_start(self) -> None:
        now = self.clock()
        wanted = {
            priority: lane.free
            for priority, lane in self._lanes.items()
            if lane.free > 0 and (lane.idle_until is None or now >= lane.idle_until)
        }
        if not wanted:
            return
        claimed, _ = await self._claim(now, wanted)
        for priority, groups in claimed.items():
            lane = self._lanes[priority]
            # A bulk lane that found nothing is asked again a little later, not at every reply's poke.
            lane.idle_until = now + self.bulk_idle if priority == Priority.BULK and not groups else None
            for group in groups:
                lane.in_flight += 1
                task = self._start(self._send_group(group, lane), group, lane)
                self._groups.add(task)
                task.add_done_callback(self._groups.discard)

    # -- one pass, for tests, the demo and the playgrounds

    async def drain_once(self) -> int:
        """Send every due message once and record the outcomes; returns how many rows were handled."""
        own_writer = self._writer is None
        if own_writer:
            self._writer = asyncio.create_task(self._write_forever())
        try:
            await self._recover(self.clock())
            now = self.clock()
            claimed, handled = await self._claim(now, dict.fromkeys(self._lanes, self.claim_limit))
            sends = []
            for priority, groups in claimed.items():
                handled += sum(len(d.row_ids) for group in groups for d in group)
                lane = self._lanes[priority]
                sends += [self._start(self._send_in_order(group, lane), group, lane) for group in groups]
            await asyncio.gather(*sends)
            await self._outcomes.join()
            return handled
        finally:
            if own_writer and self._writer is not None:
                self._writer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._writer
                self._writer = None

    # -- claiming

    async def _claim(
        self, now: dt.datetime, people: Mapping[Priority, int]
    ) -> tuple[dict[Priority, list[list[_Delivery]]], int]:
        """Claim up to `people[priority]` queues in each lane, all in one transaction: each person's deliveries in
        order, and how many rows could not be sent at all (recorded as failed or postponed there too).

        A person's first delivery that can start at once (its channel requests right after `begin`, and its
        lane has a free slot, taken here) is begun in the same transaction: no second one before its request."""
        lease_until = now + self.lease
        claimed: dict[Priority, list[list[_Delivery]]] = {}
        starting: list[tuple[_Delivery, _Lane]] = []
        started: set[int] = set()
        unsendable = 0
        try:
            # Each statement may commit alone: rows claimed but not yet repeatable, or whose failure is not yet
            # written, are only `claimed`, which a crash turns back into `pending`; rows begin last.
            async with self.db.autocommit() as session:
                for priority, count in people.items():
                    lane = self._lanes[priority]
                    rows = await claim(session, now, priority, count, lease_until)
                    groups: dict[int, list[_Delivery]] = {}
                    for row in rows:
                        group = groups.setdefault(row.contact_id, [])
                        if row.address is None or row.blocked:
                            await mark_failed(session, [row.id], "contact gone")
                            unsendable += 1
                        elif row.channel not in self.channels:
                            await mark_retry(session, [row.id], now + self.max_backoff, "channel not configured")
                            unsendable += 1
                        else:
                            self._add(group, row, row.address, now, lease_until)
                    claimed[priority] = [group for group in groups.values() if group]
                    starting += [
                        (group[0], lane) for group in claimed[priority] if await self._take_slot(group[0], lane)
                    ]
                repeatable = {
                    delivery.retry_key: delivery.row_ids
                    for groups_ in claimed.values()
                    for group in groups_
                    for delivery in group
                    if self.channels[delivery.channel].repeatable(delivery.as_delivery())
                }
                if repeatable:
                    await mark_repeatable(session, repeatable)
                if starting:
                    ids = [row_id for delivery, _ in starting for row_id in delivery.row_ids]
                    # Leased until the claim's own end: the rows keep the mark that names the claim.
                    started = await begin_attempts(session, {lease_until: ids}, lease_until)
        except BaseException:
            for delivery, lane in starting:
                self._give_slot(delivery, lane)
            raise
        for delivery, lane in starting:
            if all(row_id in started for row_id in delivery.row_ids):
                delivery.begun = True
            else:  # not held any more (never on SQLite): its `begin` finds out, as for a later delivery
                self._give_slot(delivery, lane)
        return claimed, unsendable

    async def _take_slot(self, delivery: _Delivery, lane: _Lane) -> bool:
        """Take the lane's slot for the delivery's channel when it is free and the channel requests right after
        `begin`; False (nothing taken) otherwise."""
        slot = lane.slot(delivery.channel)
        if slot.locked() or not getattr(self.channels[delivery.channel], "begins_at_once", False):
            return False
        await slot.acquire()  # free: returns without waiting
        delivery.slot_held = True
        return True

    @staticmethod
    def _give_slot(delivery: _Delivery, lane: _Lane) -> None:
        if delivery.slot_held:
            delivery.slot_held = False
            lane.slot(delivery.channel).release()

    def _add(
        self, deliveries: list[_Delivery], row: ClaimedRow, address: str, now: dt.datetime, lease_until: dt.datetime
    ) -> None:
        """Join the row to the person's last delivery when they can go in one call, else start one."""
        channel = self.channels[row.channel]
        message = Outbound.from_json(row.body)
        token = row.reply_token
        if token and (row.reply_token_expires_at is None or row.reply_token_expires_at <= now):
            token = None
        size = channel.message_count(message)
        last = deliveries[-1] if deliveries else None
        retried = row.attempts > 1
        joins = last is not None and (
            (retried and last.attempts > 1 and row.retry_key == last.retry_key)
            or (
                not retried
                and last.attempts == 1
                and last.reply_token == token
                and last.count + size <= channel.max_messages_per_call
            )
        )
        if last is None or not joins:
            last = _Delivery(row.channel, address, row.retry_key, token, row.attempts, lease_until)
            deliveries.append(last)
        last.row_ids.append(row.id)
        last.messages.append(message)
        last.count += size

    # -- sending

    def _start(self, sending: Coroutine[Any, Any, None], group: list[_Delivery], lane: _Lane) -> asyncio.Task[None]:
        task = asyncio.create_task(sending)
        task.add_done_callback(functools.partial(self._never_started, group, lane))
        return task

    def _never_started(self, group: list[_Delivery], lane: _Lane, task: asyncio.Task[None]) -> None:
        """A task cancelled before its first step runs none of its code: a delivery begun by the claim (its slot
        still held) and the rest go back to the queue, as `_send_in_order` does when cancelled later."""
        if not (task.cancelled() and group[0].slot_held):
            return
        stopped = DeliveryError("the sender stopped before the attempt began", retry_after=0.0)
        for delivery in group:
            self._give_slot(delivery, lane)
            ids = tuple(delivery.row_ids)
            self._put_outcome(_Outcome(ids, stopped, delivery.attempts, 0, delivery.claimed_until, delivery.begun))

    async def _send_group(self, group: list[_Delivery], lane: _Lane) -> None:
        try:
            await self._send_in_order(group, lane)
        finally:
            lane.in_flight -= 1
            if lane.in_flight <= lane.capacity * 3 // 4:
                self._wake.set()

    async def _send_in_order(self, group: Sequence[_Delivery], lane: _Lane) -> None:
        """One person's deliveries, in order; after a retryable failure the rest wait for the retry too.

        Cancelled (the sender stops), the deliveries not begun go back to the queue at once rather than when
        their lease runs out; one begun stays `sending` (its request may be out) for the recovery to judge."""
        waiting: DeliveryError | None = None
        index = 0
        try:
            for index in range(len(group)):
                delivery = group[index]
                if waiting is not None:
                    reason = f"waiting: {waiting.reason}"
                    error = DeliveryError(reason, retry_after=waiting.retry_after)
                    ids = tuple(delivery.row_ids)
                    self._put_outcome(_Outcome(ids, error, delivery.attempts, 0, delivery.claimed_until))
                    continue
                if delivery.slot_held:  # taken when it was claimed
                    try:
                        outcome = await self._attempt(delivery)
                    finally:
                        self._give_slot(delivery, lane)
                else:
                    async with lane.slot(delivery.channel):
                        outcome = await self._attempt(delivery)
                self._put_outcome(outcome)
                if outcome.error is not None and not isinstance(outcome.error, PermanentDelivery | OutcomeUnknown):
                    waiting = outcome.error
        except asyncio.CancelledError:
            stopped = DeliveryError("the sender stopped before the attempt began", retry_after=0.0)
            for delivery in group[index:]:
                self._give_slot(delivery, lane)
                if not delivery.begun or not delivery.requested:
                    ids = tuple(delivery.row_ids)
                    outcome = _Outcome(ids, stopped, delivery.attempts, 0, delivery.claimed_until, delivery.begun)
                    self._put_outcome(outcome)
            raise

    async def _attempt(self, delivery: _Delivery) -> _Outcome:
        ids = tuple(delivery.row_ids)
        channel = self.channels[delivery.channel]
        begin = self._begin_of(delivery)
        try:
            try:
                receipt: Receipt = await channel.deliver(delivery.as_delivery(), begin)
            except ReplyTokenRefused:
                # Nothing went out: push instead, recorded as repeatable before the call.
                delivery.reply_token = None
                repeatable = channel.repeatable(delivery.as_delivery())
                if repeatable:
                    async with self.db.transaction() as session:
                        await mark_repeatable(session, {delivery.retry_key: delivery.row_ids}, drop_reply_token=True)
                receipt = await channel.deliver(delivery.as_delivery(), begin)
        except AttemptWithdrawn:
            # This claim no longer holds the rows; the person's later rows go back too, to stay in order.
            withdrawn = DeliveryError("the claim was taken back before the attempt began", retry_after=0.0)
            return _Outcome(ids, withdrawn, delivery.attempts, 0, delivery.claimed_until)
        except DeliveryError as exc:
            log.warning(
                "sender.delivery_failed", channel=delivery.channel, reason=exc.reason, attempts=delivery.attempts
            )
            return self._failed(delivery, exc)
        except Exception as exc:  # a bug in rendering: retry later rather than lose the message
            log.error("sender.delivery_crashed", channel=delivery.channel, error=type(exc).__name__)
            return self._failed(delivery, DeliveryError(f"unexpected {type(exc).__name__}"))
        return _Outcome(ids, None, delivery.attempts, receipt.pushes)

    @staticmethod
    def _failed(delivery: _Delivery, error: DeliveryError) -> _Outcome:
        claimed_until = None if delivery.begun else delivery.claimed_until
        return _Outcome(tuple(delivery.row_ids), error, delivery.attempts, 0, claimed_until)

    # -- beginning attempts

    def _begin_of(self, delivery: _Delivery) -> Begin:
        """The delivery's `begin`: the first call marks its rows `sending` (or raises AttemptWithdrawn when its
        claim was taken back meanwhile); later calls (the push after a refused reply token) find it begun."""

        async def begin() -> None:
            delivery.requested = True
            if delivery.begun:
                return
            future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
            self._beginning.append((delivery, future))
            self._to_write.set()
            if not await future:
                raise AttemptWithdrawn()
            delivery.begun = True

        return begin

    def backoff(self, attempts: int, retry_after: float | None) -> dt.timedelta:
        """Exponential with jitter, capped; never sooner than the platform asked."""
        base = self.first_backoff.total_seconds() * 2 ** max(0, attempts - 1)
        delay = min(base, self.max_backoff.total_seconds()) * self._rng.uniform(0.5, 1.0)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return dt.timedelta(seconds=delay)

    # -- writing: attempts beginning, outcomes known

    def _put_outcome(self, outcome: _Outcome) -> None:
        self._outcomes.put_nowait(outcome)
        self._to_write.set()

    async def _write_forever(self) -> None:
        """Write what waits, at most every `write_interval`: the outcomes known and the attempts about to
        begin, in one short transaction. Outcomes that could not be written are kept and written again (losing
        them would resend); attempts that could not begin fail before sending anything and are retried."""
        loop = asyncio.get_running_loop()
        outcomes: list[_Outcome] = []
        last = -self.write_interval
        while True:
            if not outcomes and self._outcomes.empty() and not self._beginning:
                self._to_write.clear()
                await self._to_write.wait()
            # Whatever else is queued meanwhile joins this write: one transaction for many deliveries.
            await asyncio.sleep(max(0.0, last + self.write_interval - loop.time()))
            last = loop.time()
            while len(outcomes) < self.record_batch and not self._outcomes.empty():
                outcomes.append(self._outcomes.get_nowait())
            # A delivery cancelled while it waited here (the sender stops) will send nothing: left out.
            beginning = [(delivery, future) for delivery, future in self._beginning if not future.done()]
            self._beginning = []
            lease_until = self.clock() + self.lease
            try:
                started = await self._write(outcomes, [delivery for delivery, _ in beginning], lease_until)
            except Exception as exc:
                log.error("sender.record_failed", error=type(exc).__name__, outcomes=len(outcomes))
                for _, future in beginning:
                    if not future.done():
                        future.set_exception(exc)
                await asyncio.sleep(1.0)
                continue
            for _ in outcomes:
                self._outcomes.task_done()
            outcomes = []
            orphans: list[int] = []
            for delivery, future in beginning:
                if future.done():  # cancelled during the commit: its request will never go
                    orphans += [row_id for row_id in delivery.row_ids if row_id in started]
                else:
                    future.set_result(all(row_id in started for row_id in delivery.row_ids))
            if orphans:
                async with self.db.transaction() as session:
                    await release(session, orphans, lease_until, self.clock(), "the sender stopped", begun=True)

    async def _write(
        self, outcomes: Sequence[_Outcome], beginning: Sequence[_Delivery], lease_until: dt.datetime
    ) -> set[int]:
        """Record `outcomes` and mark the rows of `beginning` `sending` (leased until `lease_until`), in one
        transaction; returns the rows that began (still held by the claim that took them)."""
        now = self.clock()
        claims: dict[dt.datetime, list[int]] = {}
        for delivery in beginning:
            claims.setdefault(delivery.claimed_until, []).extend(delivery.row_ids)
        unknown = 0
        async with self.db.transaction() as session:
            started = await begin_attempts(session, claims, lease_until) if claims else set()
            sent = [row_id for outcome in outcomes if outcome.error is None for row_id in outcome.row_ids]
            if sent:
                await mark_sent(session, sent, now)
            await count_pushes(session, now, sum(outcome.pushes for outcome in outcomes))
            for outcome in outcomes:
                error = outcome.error
                if error is None:
                    continue
                if isinstance(error, PermanentDelivery):
                    await mark_failed(session, outcome.row_ids, error.reason)
                elif isinstance(error, OutcomeUnknown):
                    await mark_failed(session, outcome.row_ids, error.reason, OutboxStatus.UNKNOWN)
                    unknown += len(outcome.row_ids)
                elif outcome.claimed_until is not None:
                    # Not attempted: due at once when nothing failed (the sender stopped, the claim was taken back).
                    later = error.retry_after != 0.0
                    due = now + self.backoff(outcome.attempts - 1, error.retry_after) if later else now
                    await release(
                        session, outcome.row_ids, outcome.claimed_until, due, error.reason, begun=outcome.begun
                    )
                else:
                    due = now + self.backoff(outcome.attempts, error.retry_after)
                    await mark_retry(session, outcome.row_ids, due, error.reason)
        if unknown:
            # Counts only: which rows and whom they were for stay in the database.
            log.warning("sender.outcome_unknown", rows=unknown, repeated=False)
        return started

    # -- recovery after a crash

    async def _recover_if_due(self) -> None:
        now = self.clock()
        if self._next_recovery is None or now >= self._next_recovery:
            await self._recover(now)
            self._next_recovery = now + min(self.recover_every, self.lease / 2)

    async def _recover(self, now: dt.datetime) -> None:
        async with self.db.transaction() as session:
            recovered = await recover_expired_leases(session, now)
        if recovered.to_repeat or recovered.unknown or recovered.not_attempted:
            # Counts only: which rows and whom they were for stay in the database.
            log.warning(
                "sender.recovered_after_crash",
                repeated_under_retry_key=recovered.to_repeat,
                left_unsent=recovered.unknown,
                taken_back_unattempted=recovered.not_attempted,
            )

    # -- LINE's monthly quota

    def _line(self) -> Channel | None:
        channel = self.channels.get("line")
        return channel if channel is not None and hasattr(channel, "read_quota") else None

    async def read_line_quota(self) -> PushQuotaReading | None:
        """Ask LINE for this month's quota and usage and keep them beside the push ledger; None when LINE
        is not configured or could not be asked (logged)."""
        channel = self._line()
        if channel is None:
            return None
        try:
            reading: PushQuotaReading = await channel.read_quota()  # type: ignore[attr-defined]
        except DeliveryError as exc:
            log.warning("sender.line_quota_unavailable", reason=exc.reason)
            return None
        async with self.db.transaction() as session:
            await record_quota(session, self.clock(), reading.limit, reading.used)
        return reading

    async def _watch_line_quota(self) -> None:
        """At start and daily; after a failure (LINE unreachable, channel not started yet) in five minutes."""
        while True:
            reading = None
            try:
                reading = await self.read_line_quota()
            except Exception as exc:
                log.error("sender.line_quota_failed", error=type(exc).__name__)
            pause = self.quota_every if reading is not None else min(self.quota_every, dt.timedelta(minutes=5))
            await asyncio.sleep(pause.total_seconds())
