"""Erasure: a person's operational data goes at once, and so do their pseudonymous analytic rows.

Nothing of the person is left: their cases' texts, messages, files, pending offers and timers, every queued
message that carries their words or their case number (offer cards and relays to supporters included), and
their analytic rows. The contact row loses its key at once, so someone who writes again is a new contact; it
lives on, without its key, only until the confirmation has had time to leave (`forget_contact`). On SQLite the
freed pages are zeroed (`secure_delete`) and the WAL is checkpointed after the transaction (storage.db).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.audit import DeskAction, record
from storage.db import WIPE_AFTER_COMMIT
from storage.inbox import person_key
from storage.media import delete_media_of_cases, delete_media_of_contact
from storage.models import (
    AnalyticCase,
    Case,
    CaseMessage,
    Contact,
    Conversation,
    InboxEvent,
    InboxStatus,
    Offer,
    OutboxMessage,
    Timer,
)
from storage.pseudonyms import case_reference, person_pseudonym
from storage.states import CaseStatus, OfferStatus, TimerKind
from storage.timers import arm, ref

# The confirmation "your data is erased" is still in the outbox; the platform id goes when it has had time to leave.
FORGET_CONTACT_AFTER = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Erased:
    """What an erasure ended: how many cases, and which helper (supporter id) held or was offered which case."""

    cases: int
    helpers: tuple[tuple[int, str], ...]


async def erase_person(
    session: AsyncSession, contact: Contact, keys: bytes | tuple[bytes, ...], now: dt.datetime
) -> Erased:
    """Erase what we hold about this contact. The caller tells each helper in `helpers` once that the person left."""
    cases = list((await session.scalars(select(Case).where(Case.contact_id == contact.id))).all())
    case_ids = [case.id for case in cases]
    helpers: tuple[tuple[int, str], ...] = ()
    # The audit log keeps that an erasure happened, by case number only: nothing that names the person.
    audited: list[int | None] = list(case_ids) or [None]
    for case_id in audited:
        record(session, now, DeskAction.ERASE, case_id=case_id)
    if case_ids:
        words = await _words_of(session, cases)
        await _forget_queued_copies(session, contact.id, words, min(case.created_at for case in cases))
        helpers = await _withdraw_offers(session, cases, now)
        await session.execute(delete(CaseMessage).where(CaseMessage.case_id.in_(case_ids)))
        await delete_media_of_cases(session, case_ids)
        await session.execute(
            update(Case)
            .where(Case.id.in_(case_ids))
            .values(contact_id=None, question=None, status=CaseStatus.CLOSED, closed_at=now, outcome={"erased": True})
        )
    await session.execute(delete(OutboxMessage).where(OutboxMessage.contact_id == contact.id))
    all_keys = keys if isinstance(keys, tuple) else (keys,)
    for key in all_keys:
        await session.execute(delete(AnalyticCase).where(AnalyticCase.person == person_pseudonym(key, contact.id)))
    # Rows recorded without consent carry no person pseudonym; they are found by their cases.
    await erase_case_rows(session, case_ids, all_keys)
    await delete_media_of_contact(session, contact.id)  # photos sent during an intake never finished
    await session.execute(delete(Conversation).where(Conversation.contact_id == contact.id))
    if contact.platform_user_id is not None:  # their events set aside as failed still hold their words
        person = person_key(contact.channel, contact.platform_user_id, "")
        await session.execute(
            delete(InboxEvent).where(InboxEvent.person == person, InboxEvent.status == InboxStatus.FAILED.value)
        )
    contact.consent = "erased"
    contact.subscribed = False
    contact.locale_source = None
    # Nobody finds this row again: whoever writes from the same account is a new contact with a new intake.
    contact.key = f"erased:{secrets.token_hex(16)}"
    await arm(session, TimerKind.FORGET_CONTACT, ref("contact", contact.id), now + FORGET_CONTACT_AFTER)
    session.info[WIPE_AFTER_COMMIT] = True
    return Erased(cases=len(case_ids), helpers=helpers)


async def _words_of(session: AsyncSession, cases: list[Case]) -> list[str]:
    """What identifies the person's words in a queued message: their case numbers and their texts."""
    texts = (
        await session.scalars(
            select(CaseMessage.text).where(
                CaseMessage.case_id.in_([c.id for c in cases]), CaseMessage.text.is_not(None)
            )
        )
    ).all()
    words = {case.number for case in cases} | {case.question for case in cases if case.question}
    words |= {text for text in texts if text}
    return [w for w in words if len(w.strip()) >= 3]


async def _forget_queued_copies(session: AsyncSession, contact_id: int, words: list[str], since: dt.datetime) -> None:
    """Delete every queued message to anyone that carries the person's words or case numbers."""
    rows = (
        await session.execute(
            select(OutboxMessage.id, OutboxMessage.body).where(
                OutboxMessage.created_at >= since, OutboxMessage.contact_id != contact_id
            )
        )
    ).all()
    doomed = [row_id for row_id, body in rows if any(w in str((body or {}).get("text", "")) for w in words)]
    if doomed:
        await session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(doomed)))


async def _withdraw_offers(session: AsyncSession, cases: list[Case], now: dt.datetime) -> tuple[tuple[int, str], ...]:
    """End the cases' pending offers and their timers; the cases are never offered again."""
    case_ids = [case.id for case in cases]
    number = {case.id: case.number for case in cases}
    offers = (await session.scalars(select(Offer).where(Offer.case_id.in_(case_ids)))).all()
    helpers = {(o.supporter_id, number[o.case_id]) for o in offers if o.status == OfferStatus.PENDING}
    for case in cases:
        if case.status != CaseStatus.CLOSED:
            helpers |= {(s, case.number) for s in (case.supporter_id, case.interpreter_id) if s is not None}
    await session.execute(
        update(Offer)
        .where(Offer.case_id.in_(case_ids), Offer.status == OfferStatus.PENDING)
        .values(status=OfferStatus.WITHDRAWN, decided_at=now)
    )
    refs = [ref("offer", o.id) for o in offers] + [ref("case", case_id) for case_id in case_ids]
    await session.execute(delete(Timer).where(Timer.ref.in_(refs), Timer.fired_at.is_(None)))
    return tuple(sorted(helpers))


async def forget_contact(session: AsyncSession, contact_id: int) -> None:
    """The last step of erasure: the platform id and the contact row itself (a returning person has a new row)."""
    await session.execute(delete(Contact).where(Contact.id == contact_id))
    session.info[WIPE_AFTER_COMMIT] = True


async def erase_case_rows(session: AsyncSession, case_ids: list[int], keys: tuple[bytes, ...]) -> int:
    """Delete the analytic rows of these cases, consented or not (rows without consent carry no person)."""
    refs = [case_reference(key, case_id) for key in keys for case_id in case_ids]
    if not refs:
        return 0
    result = await session.execute(delete(AnalyticCase).where(AnalyticCase.case_ref.in_(refs)))
    return int(result.rowcount)  # type: ignore[attr-defined]
