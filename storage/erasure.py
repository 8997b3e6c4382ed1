"""Erasure: a person's operational data goes at once, and so do their pseudonymous analytic rows."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.audit import DeskAction, record
from storage.inbox import person_key
from storage.media import delete_media_of_cases, delete_media_of_contact
from storage.models import AnalyticCase, Case, CaseMessage, Contact, Conversation, InboxEvent, InboxStatus
from storage.pseudonyms import case_reference, person_pseudonym
from storage.states import CaseStatus, TimerKind
from storage.timers import arm, ref

# The confirmation "your data is erased" is still in the outbox; the platform id goes when it has had time to leave.
FORGET_CONTACT_AFTER = dt.timedelta(minutes=10)


async def erase_person(
    session: AsyncSession, contact: Contact, keys: bytes | tuple[bytes, ...], now: dt.datetime
) -> int:
    """Erase what we hold about this contact. Returns the number of cases touched."""
    case_ids = list((await session.scalars(select(Case.id).where(Case.contact_id == contact.id))).all())
    # The audit log keeps that an erasure happened, by case number only: nothing that names the person.
    audited: list[int | None] = list(case_ids) or [None]
    for case_id in audited:
        record(session, now, DeskAction.ERASE, case_id=case_id)
    if case_ids:
        await session.execute(delete(CaseMessage).where(CaseMessage.case_id.in_(case_ids)))
        await delete_media_of_cases(session, case_ids)
        await session.execute(
            update(Case)
            .where(Case.id.in_(case_ids))
            .values(contact_id=None, question=None, status=CaseStatus.CLOSED, closed_at=now, outcome={"erased": True})
        )
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
    await arm(session, TimerKind.FORGET_CONTACT, ref("contact", contact.id), now + FORGET_CONTACT_AFTER)
    return len(case_ids)


async def forget_contact(session: AsyncSession, contact_id: int) -> None:
    """The last step of erasure: the platform id and the contact row itself."""
    await session.execute(delete(Contact).where(Contact.id == contact_id))


async def erase_case_rows(session: AsyncSession, case_ids: list[int], keys: tuple[bytes, ...]) -> int:
    """Delete the analytic rows of these cases, consented or not (rows without consent carry no person)."""
    refs = [case_reference(key, case_id) for key in keys for case_id in case_ids]
    if not refs:
        return 0
    result = await session.execute(delete(AnalyticCase).where(AnalyticCase.case_ref.in_(refs)))
    return int(result.rowcount)  # type: ignore[attr-defined]
