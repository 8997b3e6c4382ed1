"""The outbox queue: people's messages in order, replies before announcements, one claimer per person."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

from sqlalchemy import select

from storage.contacts import find_or_create_contact
from storage.db import Database
from storage.models import OutboxMessage
from storage.outbox import (
    OutboxStatus,
    Priority,
    begin_attempts,
    claim,
    counts_by_status,
    enqueue,
    enqueue_bulk,
    mark_repeatable,
    recover_expired_leases,
    release,
    retry_key,
)
from tests.conftest import TEST_KEY

NOW = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)
LEASE = NOW + dt.timedelta(seconds=30)


async def _people(db: Database, count: int) -> list[int]:
    async with db.transaction() as session:
        return [(await find_or_create_contact(session, TEST_KEY, "line", f"U{i}", NOW))[0].id for i in range(count)]


async def test_replies_are_claimed_before_an_announcement_queued_earlier(db: Database) -> None:
    people = await _people(db, 4)
    async with db.transaction() as session:
        await enqueue_bulk(session, [(person, {"text": "announcement"}) for person in people], NOW)
        enqueue(session, people[2], {"text": "reply"}, NOW)
    async with db.transaction() as session:
        interactive = await claim(session, NOW, Priority.INTERACTIVE, 10, LEASE)
        bulk = await claim(session, NOW, Priority.BULK, 2, LEASE)
    assert [(row.contact_id, row.body["text"]) for row in interactive] == [(people[2], "reply")]
    assert [row.body["text"] for row in bulk] == ["announcement", "announcement"]
    assert all(row.address == f"U{people.index(row.contact_id)}" for row in [*interactive, *bulk])


async def test_a_person_waiting_for_a_retry_keeps_their_later_messages_back(db: Database) -> None:
    [person, other] = await _people(db, 2)
    async with db.transaction() as session:
        first = enqueue(session, person, {"text": "first"}, NOW)
        first.next_attempt_at = NOW + dt.timedelta(minutes=1)  # in backoff
        enqueue(session, person, {"text": "second"}, NOW)
        enqueue(session, other, {"text": "to the other"}, NOW)
    async with db.transaction() as session:
        rows = await claim(session, NOW, Priority.INTERACTIVE, 10, LEASE)
    assert [row.body["text"] for row in rows] == ["to the other"]
    async with db.transaction() as session:
        again = await claim(session, NOW + dt.timedelta(minutes=2), Priority.INTERACTIVE, 10, LEASE)
    assert [row.body["text"] for row in again] == ["first", "second"]


async def test_a_person_with_a_message_being_sent_is_not_claimed_again(db: Database) -> None:
    [person] = await _people(db, 1)
    async with db.transaction() as session:
        enqueue(session, person, {"text": "first"}, NOW)
    async with db.transaction() as session:
        assert len(await claim(session, NOW, Priority.INTERACTIVE, 10, LEASE)) == 1
    async with db.transaction() as session:
        enqueue(session, person, {"text": "second"}, NOW)
    async with db.transaction() as session:
        assert await claim(session, NOW, Priority.INTERACTIVE, 10, LEASE) == []
        statuses = (await session.scalars(select(OutboxMessage.status).order_by(OutboxMessage.id))).all()
    assert statuses == [OutboxStatus.CLAIMED, OutboxStatus.PENDING]


async def test_two_claimers_at_once_take_each_person_once(db: Database) -> None:
    people = await _people(db, 40)
    async with db.transaction() as session:
        for person in people:
            enqueue(session, person, {"text": "a"}, NOW)
            enqueue(session, person, {"text": "b"}, NOW)

    async def claimer() -> list[tuple[int, str]]:
        taken = []
        for _ in range(10):
            async with db.transaction() as session:
                rows = await claim(session, NOW, Priority.INTERACTIVE, 3, LEASE)
            taken += [(row.contact_id, row.body["text"]) for row in rows]
        return taken

    first, second = await asyncio.gather(claimer(), claimer())
    assert sorted(first + second) == sorted((person, text) for person in people for text in "ab")
    assert not {person for person, _ in first} & {person for person, _ in second}


async def test_after_a_crash_only_repeatable_attempts_are_sent_again(db: Database) -> None:
    [pushed, replied, waiting] = await _people(db, 3)
    async with db.transaction() as session:
        enqueue(session, pushed, {"text": "push"}, NOW)
        enqueue(session, replied, {"text": "reply"}, NOW, reply_token="t", reply_token_expires_at=LEASE)
        enqueue(session, waiting, {"text": "not begun"}, NOW, reply_token="w", reply_token_expires_at=LEASE)
    async with db.transaction() as session:
        rows = await claim(session, NOW, Priority.INTERACTIVE, 10, LEASE)
        push = next(row for row in rows if row.contact_id == pushed)
        await mark_repeatable(session, {push.retry_key: [push.id]})
    began = [row.id for row in rows if row.contact_id != waiting]
    async with db.transaction() as session:
        assert await begin_attempts(session, {LEASE: began}, LEASE) == set(began)
    # The process died; the lease runs out.
    async with db.transaction() as session:
        assert (await recover_expired_leases(session, NOW + dt.timedelta(seconds=10))).to_repeat == 0
        recovered = await recover_expired_leases(session, LEASE)
    assert (recovered.to_repeat, recovered.unknown, recovered.not_attempted) == (1, 1, 1)
    async with db.transaction() as session:
        stored = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    assert [(row.status, row.retry_key == push.retry_key, row.attempts, row.reply_token) for row in stored] == [
        (OutboxStatus.PENDING, True, 1, None),
        (OutboxStatus.UNKNOWN, False, 1, "t"),
        (OutboxStatus.PENDING, False, 0, "w"),  # never attempted: as if never claimed, its reply token kept
    ]
    async with db.transaction() as session:
        counts = await counts_by_status(session)
    assert (counts[OutboxStatus.PENDING], counts[OutboxStatus.UNKNOWN], counts[OutboxStatus.SENT]) == (2, 1, 0)


async def test_a_claim_taken_back_after_its_lease_cannot_begin_its_attempt(db: Database) -> None:
    [person] = await _people(db, 1)
    async with db.transaction() as session:
        enqueue(session, person, {"text": "slow"}, NOW)
    async with db.transaction() as session:
        [first] = await claim(session, NOW, Priority.INTERACTIVE, 10, LEASE)
    # The first sender waited past its lease (e.g. on a rate limit); the row was taken back and claimed again.
    later = LEASE + dt.timedelta(seconds=1)
    async with db.transaction() as session:
        assert (await recover_expired_leases(session, LEASE)).not_attempted == 1
        [second] = await claim(session, LEASE, Priority.INTERACTIVE, 10, later)
    assert second.id == first.id
    async with db.transaction() as session:
        assert await begin_attempts(session, {LEASE: [first.id]}, later) == set()  # the first claim lost it
        assert await begin_attempts(session, {later: [second.id]}, later) == {second.id}


async def test_rows_begun_but_never_sent_go_back_only_while_their_attempt_holds_them(db: Database) -> None:
    [person] = await _people(db, 1)
    async with db.transaction() as session:
        enqueue(session, person, {"text": "a"}, NOW)
    began_until = LEASE + dt.timedelta(seconds=5)
    async with db.transaction() as session:
        [row] = await claim(session, NOW, Priority.INTERACTIVE, 10, LEASE)
        await begin_attempts(session, {LEASE: [row.id]}, began_until)
    async with db.transaction() as session:  # a stale release (the claim's lease) changes nothing
        await release(session, [row.id], LEASE, NOW, "the sender stopped", begun=True)
        assert (await session.scalar(select(OutboxMessage.status))) == OutboxStatus.SENDING
        await release(session, [row.id], began_until, NOW, "the sender stopped", begun=True)
        again = (await session.execute(select(OutboxMessage.status, OutboxMessage.attempts))).one()
    assert tuple(again) == (OutboxStatus.PENDING, 0)


def test_a_retry_key_is_a_fresh_random_uuid_as_line_wants() -> None:
    keys = [retry_key() for _ in range(2000)]
    assert len(set(keys)) == len(keys)
    for key in keys:
        parsed = uuid.UUID(key)
        assert str(parsed) == key
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
