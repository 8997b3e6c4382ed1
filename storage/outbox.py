"""The outbox: messages written with the state change they report, sent later by the sender with retries.

A row's life: `pending` -> `claimed` (taken by a sender and leased; nothing sent yet) -> `sending` (the attempt
began: written just before the first request that could reach the platform) -> `sent` | `failed` | back to
`pending` for a retry | `unknown` (the request may have reached the platform but its outcome was lost, in a crash
or a timeout, and the platform would not de-duplicate a repeat: never repeated, so nobody gets the message twice).
A claim whose lease runs out before its attempt began goes back to `pending`: nothing of it was sent.

Claims keep each person's messages in order within a priority: a row is taken only as part of its person's
queue, and a person whose earlier row is being sent or waits for a retry is left for later. Interactive
replies are claimed before bulk announcements.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from sqlalchemy import Integer, and_, bindparam, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import BindParameter

from storage.models import Contact, OutboxMessage
from storage.states import OutboxStatus as OutboxStatus  # its home is storage.states; here for the outbox's users


class Priority(IntEnum):
    """Lower goes first."""

    INTERACTIVE = 0  # replies and messages to people in a conversation
    BULK = 1  # announcements to many subscribers


def retry_key() -> str:
    """A random UUID (version 4), as LINE's X-Line-Retry-Key wants: `str(uuid.uuid4())` at a third of its cost."""
    h = os.urandom(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


def outbox_row(
    contact_id: int,
    body: dict[str, Any],
    now: dt.datetime,
    *,
    reply_token: str | None = None,
    reply_token_expires_at: dt.datetime | None = None,
    priority: Priority = Priority.INTERACTIVE,
) -> dict[str, Any]:
    """The column values of a new message, due now."""
    return {
        "contact_id": contact_id,
        "body": body,
        "reply_token": reply_token,
        "reply_token_expires_at": reply_token_expires_at,
        "retry_key": retry_key(),
        "status": OutboxStatus.PENDING.value,
        "priority": int(priority),
        "repeatable": False,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


def enqueue(
    session: AsyncSession,
    contact_id: int,
    body: dict[str, Any],
    now: dt.datetime,
    *,
    reply_token: str | None = None,
    reply_token_expires_at: dt.datetime | None = None,
    priority: Priority = Priority.INTERACTIVE,
) -> OutboxMessage:
    values = outbox_row(
        contact_id,
        body,
        now,
        reply_token=reply_token,
        reply_token_expires_at=reply_token_expires_at,
        priority=priority,
    )
    row = OutboxMessage(**values)
    session.add(row)
    return row


async def enqueue_bulk(
    session: AsyncSession, messages: Iterable[tuple[int, dict[str, Any]]], now: dt.datetime, *, chunk: int = 2000
) -> int:
    """Queue (contact id, body) pairs as bulk messages in multi-row INSERTs; returns how many."""
    count = 0
    batch: list[dict[str, Any]] = []

    async def flush() -> None:
        if batch:
            await session.execute(insert(OutboxMessage), batch)
            batch.clear()

    for contact_id, body in messages:
        batch.append(
            {
                "contact_id": contact_id,
                "body": body,
                "retry_key": retry_key(),
                "status": OutboxStatus.PENDING.value,
                "priority": int(Priority.BULK),
                "repeatable": False,
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
        )
        count += 1
        if len(batch) >= chunk:
            await flush()
    await flush()
    return count


@dataclass(frozen=True)
class ClaimedRow:
    """A claimed row with what sending it needs from its contact (read in the same query)."""

    id: int
    contact_id: int
    priority: int
    body: dict[str, Any]
    reply_token: str | None
    reply_token_expires_at: dt.datetime | None
    retry_key: str
    attempts: int  # including the attempt this claim starts
    channel: str
    address: str | None
    blocked: bool


_CLAIM_COLUMNS = (
    OutboxMessage.id,
    OutboxMessage.contact_id,
    OutboxMessage.priority,
    OutboxMessage.body,
    OutboxMessage.reply_token,
    OutboxMessage.reply_token_expires_at,
    OutboxMessage.retry_key,
    OutboxMessage.attempts,
    Contact.channel,
    Contact.platform_user_id,
    Contact.blocked,
)


_QUEUED = (OutboxStatus.PENDING, OutboxStatus.CLAIMED, OutboxStatus.SENDING)
_EARLIER = aliased(OutboxMessage)
# Built once (the hot path): the values come in as bound parameters.
_HEADS_QUERY = (
    select(OutboxMessage.id, OutboxMessage.contact_id)
    .where(
        OutboxMessage.status == OutboxStatus.PENDING,
        OutboxMessage.priority == bindparam("claim_priority"),
        OutboxMessage.next_attempt_at <= bindparam("claim_now"),
        ~exists().where(
            _EARLIER.contact_id == OutboxMessage.contact_id,
            _EARLIER.priority == OutboxMessage.priority,
            _EARLIER.id < OutboxMessage.id,
            _EARLIER.status.in_(_QUEUED),
        ),
    )
    .order_by(OutboxMessage.id)
    .with_for_update(skip_locked=True, of=OutboxMessage)
)
_HEADS = _HEADS_QUERY.limit(bindparam("limit", type_=Integer(), literal_execute=True))
_QUEUES = (
    select(*_CLAIM_COLUMNS)
    .join(Contact, Contact.id == OutboxMessage.contact_id)
    .where(
        OutboxMessage.contact_id.in_(bindparam("contacts", expanding=True)),
        OutboxMessage.priority == bindparam("claim_priority"),
        OutboxMessage.status == OutboxStatus.PENDING,
        OutboxMessage.next_attempt_at <= bindparam("claim_now"),
    )
    .order_by(OutboxMessage.contact_id, OutboxMessage.id)
    .with_for_update(of=OutboxMessage)
)
_LEASE = (
    update(OutboxMessage)
    .where(OutboxMessage.id.in_(bindparam("ids", expanding=True)))
    .values(
        status=OutboxStatus.CLAIMED,
        repeatable=False,
        attempts=OutboxMessage.attempts + 1,
        next_attempt_at=bindparam("lease_until", type_=OutboxMessage.next_attempt_at.type),
    )
)


# PostgreSQL: the same claim as one statement (heads locked, their queues locked, leased, read back with the
# contact), one round trip instead of three on an event loop that is busy with everything else.
_PG_HEADS = _HEADS_QUERY.limit(bindparam("limit", type_=Integer())).cte("heads")
_PG_QUEUED = (
    select(OutboxMessage.id)
    .where(
        OutboxMessage.contact_id.in_(select(_PG_HEADS.c.contact_id)),
        OutboxMessage.priority == bindparam("claim_priority"),
        OutboxMessage.status == OutboxStatus.PENDING,
        OutboxMessage.next_attempt_at <= bindparam("claim_now"),
    )
    .with_for_update(of=OutboxMessage)
    .cte("queued")
)
_PG_CLAIM = (
    update(OutboxMessage)
    .where(OutboxMessage.id.in_(select(_PG_QUEUED.c.id)), Contact.id == OutboxMessage.contact_id)
    .values(
        status=OutboxStatus.CLAIMED,
        repeatable=False,
        attempts=OutboxMessage.attempts + 1,
        next_attempt_at=bindparam("lease_until", type_=OutboxMessage.next_attempt_at.type),
    )
    .returning(*_CLAIM_COLUMNS)
)


async def claim(
    session: AsyncSession, now: dt.datetime, priority: Priority, contacts: int, lease_until: dt.datetime
) -> list[ClaimedRow]:
    """Claim the due queues of up to `contacts` people at `priority`, oldest first, and lease them.

    The head of a person's queue (no earlier row of theirs at this priority pending or sending) is locked
    with FOR UPDATE SKIP LOCKED, so two processes on PostgreSQL never take the same person; then all of that
    person's due rows at this priority are taken with it (one reply token covers several messages). On
    SQLite, BEGIN IMMEDIATE already makes the claiming transaction the only writer. Every claimed row is
    marked `claimed` (not repeatable until the sender says otherwise) with `attempts` counted and
    `next_attempt_at` set to the lease's end, `lease_until`, which also names the claim: `begin_attempts` and
    `release` act on the row only while it still carries it. Returns the rows by person, then id.
    """
    if contacts <= 0:
        return []
    connection = await session.connection()  # Core: no ORM bookkeeping on the hot path
    if connection.dialect.name == "postgresql":
        parameters = {"claim_priority": int(priority), "claim_now": now, "limit": contacts, "lease_until": lease_until}
        leased = sorted((await connection.execute(_PG_CLAIM, parameters)).all(), key=lambda r: (r.contact_id, r.id))
        return [_claimed(row, row.attempts) for row in leased]
    heads = (
        await connection.execute(_HEADS, {"claim_priority": int(priority), "claim_now": now, "limit": contacts})
    ).all()
    if not heads:
        return []
    contact_ids = [row.contact_id for row in heads]
    parameters = {"contacts": contact_ids, "claim_priority": int(priority), "claim_now": now}
    rows = (await connection.execute(_QUEUES, parameters)).all()
    await connection.execute(_LEASE, {"ids": [row.id for row in rows], "lease_until": lease_until})
    return [_claimed(row, row.attempts + 1) for row in rows]


def _claimed(row: Any, attempts: int) -> ClaimedRow:
    return ClaimedRow(
        id=row.id,
        contact_id=row.contact_id,
        priority=row.priority,
        body=row.body,
        reply_token=row.reply_token,
        reply_token_expires_at=row.reply_token_expires_at,
        retry_key=row.retry_key,
        attempts=attempts,
        channel=row.channel,
        address=row.platform_user_id,
        blocked=row.blocked,
    )


_REPEATABLE = (
    update(OutboxMessage).where(OutboxMessage.id.in_(bindparam("ids", expanding=True))).values(repeatable=True)
)


async def mark_repeatable(
    session: AsyncSession, attempts: Mapping[str, Sequence[int]], *, drop_reply_token: bool = False
) -> None:
    """The attempts about to start (retry key -> their rows) may be repeated under their retry keys: the
    platform de-duplicates them. Every row of an attempt takes the attempt's key."""
    connection = await session.connection()
    ids = [row_id for rows in attempts.values() for row_id in rows]
    statement = _REPEATABLE.values(reply_token=None) if drop_reply_token else _REPEATABLE
    await connection.execute(statement, {"ids": ids})
    for retry_key, rows in attempts.items():
        if len(rows) > 1:  # a single row already carries the key its attempt was named after
            await connection.execute(
                update(OutboxMessage).where(OutboxMessage.id.in_(rows)).values(retry_key=retry_key)
            )


def _claimed_by(
    lease_until: dt.datetime | BindParameter[dt.datetime], status: OutboxStatus = OutboxStatus.CLAIMED
) -> Any:
    """The rows are still held by the claim that leased them until `lease_until` (a later claim of the same
    rows, after its lease ran out and they were taken back, always leases them until later)."""
    return and_(OutboxMessage.status == status, OutboxMessage.next_attempt_at == lease_until)


_BEGIN = (
    update(OutboxMessage)
    .where(
        OutboxMessage.id.in_(bindparam("ids", expanding=True)),
        _claimed_by(bindparam("claimed_until", type_=OutboxMessage.next_attempt_at.type)),
    )
    .values(
        status=OutboxStatus.SENDING,
        next_attempt_at=bindparam("lease_until", type_=OutboxMessage.next_attempt_at.type),
    )
    .returning(OutboxMessage.id)
)


async def begin_attempts(
    session: AsyncSession, claims: Mapping[dt.datetime, Sequence[int]], lease_until: dt.datetime
) -> set[int]:
    """The attempts of these claimed rows (claim's lease end -> rows) are about to start: they become `sending`,
    leased until `lease_until`, and from the commit on a crash may leave them `unknown`. Returns the ids that
    were still held by their claim; a row missing from it was taken back (its lease ran out) and must not be
    sent by this claim."""
    connection = await session.connection()
    started: set[int] = set()
    for claimed_until, ids in claims.items():
        parameters = {"ids": list(ids), "claimed_until": claimed_until, "lease_until": lease_until}
        started.update((await connection.execute(_BEGIN, parameters)).scalars().all())
    return started


async def release(
    session: AsyncSession,
    ids: Sequence[int],
    claimed_until: dt.datetime,
    due: dt.datetime,
    error: str | None,
    *,
    begun: bool = False,
) -> None:
    """Claimed rows whose attempt never began go back to `pending`, due at `due`, their attempt uncounted;
    rows no longer held by that claim are left alone. `begun`: rows marked `sending` (leased until
    `claimed_until` by `begin_attempts`) whose request the sender knows it never made."""
    status = OutboxStatus.SENDING if begun else OutboxStatus.CLAIMED
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(list(ids)), _claimed_by(claimed_until, status))
        .values(
            status=OutboxStatus.PENDING,
            next_attempt_at=due,
            attempts=OutboxMessage.attempts - 1,
            last_error=error[:500] if error is not None else OutboxMessage.last_error,
        )
        .execution_options(synchronize_session=False)
    )


_SENT = (
    update(OutboxMessage)
    .where(OutboxMessage.id.in_(bindparam("ids", expanding=True)))
    .values(status=OutboxStatus.SENT, sent_at=bindparam("now", type_=OutboxMessage.sent_at.type), last_error=None)
)


async def mark_sent(session: AsyncSession, ids: Sequence[int], now: dt.datetime) -> None:
    connection = await session.connection()
    await connection.execute(_SENT, {"ids": list(ids), "now": now})


async def mark_retry(
    session: AsyncSession, ids: Sequence[int], due: dt.datetime, error: str, *, retry_key: str | None = None
) -> None:
    """Back to pending, due at `due`. A repeatable attempt keeps its retry key for the next try."""
    values: dict[str, Any] = {"status": OutboxStatus.PENDING, "next_attempt_at": due, "last_error": error[:500]}
    if retry_key is not None:
        values["retry_key"] = retry_key
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids))
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def mark_failed(
    session: AsyncSession, ids: Sequence[int], error: str, status: OutboxStatus = OutboxStatus.FAILED
) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids))
        .values(status=status, last_error=error[:500])
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class Recovered:
    """What a recovery after a crash did with leases that ran out."""

    to_repeat: int  # attempts the platform de-duplicates: pending again, under the same retry key
    unknown: int  # other attempts: not repeated, status `unknown`
    not_attempted: int = 0  # claimed but never attempted: pending again, as if never claimed


UNKNOWN_OUTCOME = "outcome unknown after the sender stopped mid-send; not repeated"


async def recover_expired_leases(session: AsyncSession, now: dt.datetime) -> Recovered:
    """Rows whose lease ended while `claimed` or `sending`: the sender that claimed them died before recording.

    A claim whose attempt never began is due again now, untouched (its reply token too, if still fresh). A
    repeatable attempt is due again now, as a push under its retry key (the platform answers a repeat with
    409); any other attempt might have reached the person, so it is not repeated.
    """
    unattempted = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.CLAIMED, OutboxMessage.next_attempt_at <= now)
        .values(status=OutboxStatus.PENDING, next_attempt_at=now, attempts=OutboxMessage.attempts - 1)
        .execution_options(synchronize_session=False)
    )
    expired = and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.next_attempt_at <= now)
    again = await session.execute(
        update(OutboxMessage)
        .where(expired, OutboxMessage.repeatable.is_(True))
        .values(status=OutboxStatus.PENDING, next_attempt_at=now, reply_token=None)
        .execution_options(synchronize_session=False)
    )
    lost = await session.execute(
        update(OutboxMessage)
        .where(expired, OutboxMessage.repeatable.is_(False))
        .values(status=OutboxStatus.UNKNOWN, last_error=UNKNOWN_OUTCOME)
        .execution_options(synchronize_session=False)
    )
    return Recovered(_rowcount(again), _rowcount(lost), _rowcount(unattempted))


def _rowcount(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


async def pending_count(session: AsyncSession, priority: Priority | None = None) -> int:
    """Rows still to send (pending, claimed or being sent)."""
    query = select(func.count()).where(OutboxMessage.status.in_(_QUEUED))
    if priority is not None:
        query = query.where(OutboxMessage.priority == int(priority))
    return int((await session.execute(query)).scalar_one())


async def due_again(session: AsyncSession, channel: str, now: dt.datetime) -> int:
    """Messages to people on `channel` waiting for a later retry become due now; returns how many.

    For a channel that came back after an outage. Rows a sender holds are `claimed` or `sending`, never touched
    here.
    """
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at > now,
            OutboxMessage.contact_id.in_(select(Contact.id).where(Contact.channel == channel)),
        )
        .values(next_attempt_at=now)
    )
    return _rowcount(result)


async def counts_by_status(session: AsyncSession) -> dict[OutboxStatus, int]:
    """How many rows are in each status, per priority lumped together (for /metrics and the dashboard)."""
    rows = await session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
    counts = dict.fromkeys(OutboxStatus, 0)
    for status, count in rows.all():
        counts[OutboxStatus(status)] = int(count)
    return counts


async def drop_for_contact(session: AsyncSession, contact_id: int) -> None:
    """Stop sending to someone who blocked the bot or erased their data."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.contact_id == contact_id, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.FAILED, last_error="contact gone")
    )
