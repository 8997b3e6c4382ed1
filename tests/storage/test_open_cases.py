"""A person's open case, read for a batch of events at once (`hold_open_cases`), is never an old answer."""

from __future__ import annotations

import datetime as dt

from storage.cases import hold_open_cases, open_case_of
from storage.contacts import find_or_create_contact
from storage.db import Database
from storage.models import Case
from storage.states import CaseStatus
from tests.conftest import TEST_KEY

NOW = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)


def _case(contact_id: int, number: str, status: str) -> Case:
    return Case(number=number, contact_id=contact_id, channel="line", language="vi", status=status)


async def test_a_case_added_after_the_batch_was_read_is_found_before_any_flush(db: Database) -> None:
    async with db.transaction() as session:
        contact, _ = await find_or_create_contact(session, TEST_KEY, "line", "U-open-1", NOW)
        await hold_open_cases(session, [contact.id])
        assert await open_case_of(session, contact.id) is None
        case = _case(contact.id, "AB-2345", CaseStatus.NEW)
        session.add(case)  # not flushed
        assert await open_case_of(session, contact.id) is case


async def test_a_case_reopened_after_the_batch_was_read_is_found_before_any_flush(db: Database) -> None:
    async with db.transaction() as session:
        contact, _ = await find_or_create_contact(session, TEST_KEY, "line", "U-open-2", NOW)
        case = _case(contact.id, "AB-3456", CaseStatus.CLOSED)
        session.add(case)
    async with db.transaction() as session:
        await hold_open_cases(session, [contact.id])
        assert await open_case_of(session, contact.id) is None
        closed = await session.get(Case, case.id)
        assert closed is not None
        closed.status = CaseStatus.ACTIVE  # not flushed
        assert await open_case_of(session, contact.id) is closed


async def test_a_case_closed_after_the_batch_was_read_is_no_longer_open(db: Database) -> None:
    async with db.transaction() as session:
        contact, _ = await find_or_create_contact(session, TEST_KEY, "line", "U-open-3", NOW)
        case = _case(contact.id, "AB-4567", CaseStatus.ACTIVE)
        session.add(case)
    async with db.transaction() as session:
        await hold_open_cases(session, [contact.id])
        open_case = await open_case_of(session, contact.id)
        assert open_case is not None
        open_case.status = CaseStatus.CLOSED  # not flushed
        assert await open_case_of(session, contact.id) is None
