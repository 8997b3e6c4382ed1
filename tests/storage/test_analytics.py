"""The analytic case log: one generalised, scrubbed row per closed case, linked to a person with consent."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from storage.analytics import erase_by_reference, record_case, rotate_pseudonyms
from storage.db import Database
from storage.models import AnalyticCase, Case, Contact
from storage.pseudonyms import person_pseudonym

KEY = b"k" * 32
NEW_KEY = b"n" * 32
CLOSED = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


async def _case(
    db: Database,
    *,
    consent: str = "given",
    number: str = "AB-2345",
    question: str = "My boss Nguyen Van An took my passport. Call me on 090-1234-5678.",
    created: dt.datetime = dt.datetime(2026, 11, 30, 16, 30, tzinfo=dt.UTC),  # 1 December in Tokyo
    outcome: dict[str, object] | None = None,
    contact_key: str = "contact-key-1",
) -> tuple[int, int]:
    async with db.transaction() as session:
        contact = await session.scalar(select(Contact).where(Contact.key == contact_key))
        if contact is None:
            contact = Contact(key=contact_key, channel="line", platform_user_id="U0123456789abcdef", consent=consent)
            session.add(contact)
            await session.flush()
        case = Case(
            number=number,
            contact_id=contact.id,
            channel="line",
            language="vi",
            prefecture=8,
            hub="north_kanto",
            topic="labour",
            urgent=True,
            question=question,
            status="closed",
            created_at=created,
            first_response_at=created + dt.timedelta(minutes=42),
            closed_at=created + dt.timedelta(hours=30),
            outcome=outcome
            or {
                "policy_fields": ["trainees"],
                "actions": ["advice"],
                "continued": True,
                "aid_category": "shelter",
                "aid_yen": 20000,
                "summary": "Referred Mr Nguyen Van An (090-1234-5678) to the labour office.",
            },
        )
        session.add(case)
        await session.flush()
        return contact.id, case.id


async def _record(db: Database, case_id: int, consented: bool = True, key: bytes = KEY) -> AnalyticCase:
    async with db.transaction() as session:
        case = await session.get(Case, case_id)
        assert case is not None
        contact = await session.get(Contact, case.contact_id)
        assert contact is not None
        return await record_case(session, case, contact.id, key, 1, consented, CLOSED)


async def test_a_closed_case_becomes_one_generalised_scrubbed_row(db: Database) -> None:
    contact_id, case_id = await _case(db)
    row = await _record(db, case_id)
    assert row.month == "2026-12"  # the case came in on 1 December, Tokyo time
    assert (row.hub, row.prefecture, row.topic, row.urgent, row.language) == (
        "north_kanto",
        8,
        "labour",
        True,
        "vi",
    )
    assert row.policy_fields == ["trainees"]
    assert (row.aid_category, row.aid_yen, row.continued) == ("shelter", 20000, True)
    assert (row.minutes_to_first_response, row.hours_to_close) == (42, 30)
    assert row.person == person_pseudonym(KEY, contact_id)
    assert row.question is not None
    assert "passport" in row.question
    for secret in ("090-1234-5678", "09012345678", "U0123456789abcdef"):
        assert secret not in (row.question or "") + (row.summary or "")


async def test_closing_again_updates_the_row_instead_of_adding_one(db: Database) -> None:
    _, case_id = await _case(db)
    await _record(db, case_id)
    async with db.transaction() as session:
        case = await session.get(Case, case_id)
        assert case is not None
        case.outcome = {"policy_fields": ["labour"], "actions": ["legal"], "continued": False}
    await _record(db, case_id)
    async with db.transaction() as session:
        rows = (await session.scalars(select(AnalyticCase))).all()
    assert len(rows) == 1
    assert rows[0].policy_fields == ["labour"]
    assert rows[0].aid_category is None


async def test_without_consent_only_counts_are_kept(db: Database) -> None:
    _, first = await _case(db, consent="declined")
    _, second = await _case(db, consent="declined", number="AB-2346")
    await _record(db, first, consented=False)
    await _record(db, second, consented=False)
    async with db.transaction() as session:
        rows = (await session.scalars(select(AnalyticCase))).all()
    assert len(rows) == 2  # still counted
    assert all(row.question is None and row.summary is None for row in rows)
    assert all(row.person == "" for row in rows)  # the two cases cannot be linked to one person
    assert all(not row.consented for row in rows)


async def test_text_the_scrubber_cannot_handle_is_dropped_not_kept(db: Database) -> None:
    _, case_id = await _case(db, outcome={"summary": 12345})
    row = await _record(db, case_id)
    assert row.summary is None


async def test_rotation_moves_rows_to_the_new_key_and_erasure_still_finds_them(db: Database) -> None:
    contact_id, case_id = await _case(db)
    await _record(db, case_id)
    async with db.transaction() as session:
        rotation = await rotate_pseudonyms(session, KEY, NEW_KEY, 2)
    assert (rotation.persons, rotation.cases, rotation.stale) == (1, 1, 0)
    async with db.transaction() as session:
        row = await session.scalar(select(AnalyticCase))
        assert row is not None
        assert row.person == person_pseudonym(NEW_KEY, contact_id)
        assert row.key_version == 2
    # Closing the case again under the new key updates the same row.
    await _record(db, case_id, key=NEW_KEY)
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(AnalyticCase)) == 1
        contact = await session.get(Contact, contact_id)
        assert contact is not None
        from storage.erasure import erase_person

        await erase_person(session, contact, NEW_KEY, CLOSED)
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(AnalyticCase)) == 0


async def test_coordinator_erases_by_case_number_including_unconsented_rows(db: Database) -> None:
    _, case_id = await _case(db, consent="declined")
    await _record(db, case_id, consented=False)
    someone_else, other = await _case(db, contact_key="someone-else", number="CD-2345")
    await _record(db, other)
    async with db.transaction() as session:
        erasure = await erase_by_reference(session, "ab-2345", (KEY,), CLOSED)
    assert (erasure.cases, erasure.analytic_rows) == (1, 1)
    async with db.transaction() as session:
        remaining = (await session.scalars(select(AnalyticCase))).all()
        case = await session.get(Case, case_id)
    assert [r.person for r in remaining] == [person_pseudonym(KEY, someone_else)]
    assert case is not None
    assert case.question is None
    assert case.contact_id is None


async def test_coordinator_erasure_of_an_unknown_reference_says_so(db: Database) -> None:
    async with db.transaction() as session:
        with pytest.raises(LookupError):
            await erase_by_reference(session, "ZZ-9999", KEY, CLOSED)
