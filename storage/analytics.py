"""The anonymised case log for policy work: one row per closed case, written when the case closes.

What a row keeps depends on consent, asked at intake:

- with consent: the person's keyed pseudonym (so repeat consultations can be counted and `/delete` finds the
  rows), the coded and generalised fields, and the question and summary scrubbed of personal data;
- without consent: only what a count needs. The coded, generalised fields stay (a table of counts is made of
  them), but `person` is empty, so no two cases can be linked to one person, and no free text is kept.

The case reference is a keyed pseudonym of the case id, so closing a reopened case updates its row instead of
adding one, and erasure can still find the row of an unconsented case while the operational case exists.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.contacts import contact_key
from storage.erasure import erase_case_rows, erase_person
from storage.media import media_counts
from storage.models import AnalyticCase, Case, Contact
from storage.pseudonyms import case_reference, person_pseudonym
from storage.scrubber import scrub_or_none

# Japan keeps no daylight saving time, so a fixed offset is exact and needs no tz database.
TOKYO = dt.timezone(dt.timedelta(hours=9), "Asia/Tokyo")
NO_PERSON = ""  # the person column of a row kept without consent
CASE_NUMBER = re.compile(r"^[A-Z]{2}-\d{4}$")


def tokyo_month(moment: dt.datetime) -> str:
    return moment.astimezone(TOKYO).strftime("%Y-%m")


def _whole(delta: dt.timedelta, unit: dt.timedelta) -> int:
    return max(0, int(delta / unit))


def _codes(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return []


def _yen(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        yen = int(value)
    except (TypeError, ValueError):
        return None
    return yen if yen >= 0 else None


async def record_case(
    session: AsyncSession,
    case: Case,
    contact_id: int | None,
    key: bytes,
    key_version: int,
    consented: bool,
    now: dt.datetime,
) -> AnalyticCase:
    """Write (or rewrite) the analytic row of a closed case and return it.

    `contact_id` is the person's contact row, or None when the person is gone; without it,
    or without consent, the row carries no person pseudonym. Free text is scrubbed in the case's language;
    when scrubbing fails, the text is dropped rather than kept raw.
    """
    ref = case_reference(key, case.id)
    row = await session.scalar(select(AnalyticCase).where(AnalyticCase.case_ref == ref))
    if row is None:
        row = AnalyticCase(case_ref=ref)
        session.add(row)
    outcome: dict[str, Any] = dict(case.outcome or {})
    linked = consented and contact_id is not None
    closed_at = case.closed_at or now
    row.person = person_pseudonym(key, contact_id) if linked and contact_id is not None else NO_PERSON
    row.key_version = key_version
    row.channel = case.channel
    row.language = case.language
    row.hub = case.hub
    row.prefecture = case.prefecture
    row.month = tokyo_month(case.created_at)
    row.topic = case.topic
    row.urgent = case.urgent
    row.policy_fields = _codes(outcome.get("policy_fields"))
    row.actions = _codes(outcome.get("actions"))
    aid_category = outcome.get("aid_category")
    row.aid_category = str(aid_category) if aid_category else None
    row.aid_yen = _yen(outcome.get("aid_yen")) if row.aid_category else None
    continued = outcome.get("continued")
    row.continued = continued if isinstance(continued, bool) else None
    row.minutes_to_first_response = (
        _whole(case.first_response_at - case.created_at, dt.timedelta(minutes=1))
        if case.first_response_at is not None
        else None
    )
    row.hours_to_close = _whole(closed_at - case.created_at, dt.timedelta(hours=1))
    row.day_id = case.day_id
    summary = outcome.get("summary")
    row.question = scrub_or_none(case.question, case.language) if consented else None
    row.summary = scrub_or_none(summary, case.language) if consented and isinstance(summary, str) else None
    row.media = await media_counts(session, case.id)  # "1 photo": counted, never the file
    row.consented = consented
    row.recorded_at = now
    await session.flush()
    return row


@dataclass(frozen=True)
class Rotation:
    """What a key rotation did: rows moved to the new key, and rows that can no longer be linked."""

    persons: int
    cases: int
    stale: int


async def rotate_pseudonyms(
    session: AsyncSession, old_key: bytes, new_key: bytes, new_version: int, *, batch: int = 1000
) -> Rotation:
    """Re-key the analytic log from `old_key` to `new_key`.

    Raw ids are gone from the log by design, so pseudonyms are recomputed from what is still held: the
    person pseudonym from the ids of contacts still present, the case reference from ids of cases still
    present. Each contact's lookup key is re-derived from its platform id under the new key. Rows left on an older
    key version (`stale`) belong to people or cases already forgotten; once the old key is destroyed they
    cannot be linked to anyone, which is what retention wants anyway.
    """
    persons = cases = 0
    last_id = 0
    while True:
        contacts = (
            await session.execute(
                select(Contact.id, Contact.channel, Contact.platform_user_id)
                .where(Contact.id > last_id)
                .order_by(Contact.id)
                .limit(batch)
            )
        ).all()
        if not contacts:
            break
        last_id = contacts[-1][0]
        for contact_id, channel, platform_user_id in contacts:
            moved = await session.execute(
                update(AnalyticCase)
                .where(AnalyticCase.person == person_pseudonym(old_key, contact_id))
                .values(person=person_pseudonym(new_key, contact_id), key_version=new_version)
            )
            if platform_user_id is not None:  # its lookup key follows the key, or the person would be a stranger
                await session.execute(
                    update(Contact)
                    .where(Contact.id == contact_id)
                    .values(key=contact_key(new_key, channel, platform_user_id))
                )
            persons += int(moved.rowcount)  # type: ignore[attr-defined]
    last_id = 0
    while True:
        ids = list(
            (await session.scalars(select(Case.id).where(Case.id > last_id).order_by(Case.id).limit(batch))).all()
        )
        if not ids:
            break
        last_id = ids[-1]
        for case_id in ids:
            moved = await session.execute(
                update(AnalyticCase)
                .where(AnalyticCase.case_ref == case_reference(old_key, case_id))
                .values(case_ref=case_reference(new_key, case_id), key_version=new_version)
            )
            cases += int(moved.rowcount)  # type: ignore[attr-defined]
    stale = len((await session.scalars(select(AnalyticCase.id).where(AnalyticCase.key_version != new_version))).all())
    return Rotation(persons=persons, cases=cases, stale=stale)


@dataclass(frozen=True)
class Erasure:
    """What an erasure on request ended; `helpers` (supporter id, case number) are to be told the person left."""

    cases: int
    analytic_rows: int
    helpers: tuple[tuple[int, str], ...] = ()


async def erase_by_reference(
    session: AsyncSession, reference: str, keys: bytes | tuple[bytes, ...], now: dt.datetime
) -> Erasure:
    """Erase a person on a request received elsewhere (letter, phone, e-mail), for a coordinator.

    `reference` is a case number the person quotes ("AB-2345") or a contact key. Everything `/delete` would
    erase goes, and also the rows of their unconsented cases. Raises LookupError when nobody matches.
    """
    key_tuple = keys if isinstance(keys, tuple) else (keys,)
    reference = reference.strip()
    contact: Contact | None
    if CASE_NUMBER.match(reference.upper()):
        case = await session.scalar(select(Case).where(Case.number == reference.upper()))
        if case is None or case.contact_id is None:
            raise LookupError("no case with that number, or its person was already erased")
        contact = await session.get(Contact, case.contact_id)
    else:
        contact = await session.scalar(select(Contact).where(Contact.key == reference))
    if contact is None:
        raise LookupError("nobody matches that reference")
    case_ids = list((await session.scalars(select(Case.id).where(Case.contact_id == contact.id))).all())
    rows = await erase_case_rows(session, case_ids, key_tuple)
    before = await _count_person_rows(session, contact.id, key_tuple)
    touched = await erase_person(session, contact, key_tuple, now)
    return Erasure(cases=touched.cases, analytic_rows=rows + before, helpers=touched.helpers)


async def _count_person_rows(session: AsyncSession, contact_id: int, keys: tuple[bytes, ...]) -> int:
    persons = [person_pseudonym(key, contact_id) for key in keys]
    return len((await session.scalars(select(AnalyticCase.id).where(AnalyticCase.person.in_(persons)))).all())
