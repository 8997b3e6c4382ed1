"""Retention: operational data goes 90 days after close, analytic rows after 3 years, by a daily timer."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from handlers.context import Services
from handlers.retention import next_run, schedule_retention
from handlers.timers import fire_due_timers
from storage.db import Database
from storage.models import AnalyticCase, Case, CaseMessage, Contact, Conversation, OutboxMessage, Timer
from storage.retention import RetentionPolicy, enforce_retention
from tests.conftest import Clock

NOW = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)


async def _person(db: Database, name: str, closed_days_ago: int | None, status: str = "closed") -> int:
    """A migrant with one case closed that many days ago (None: still open), and their messages."""
    at = NOW - dt.timedelta(days=closed_days_ago if closed_days_ago is not None else 1)
    async with db.transaction() as session:
        contact = Contact(
            key=f"key-{name}",
            channel="telegram",
            platform_user_id=f"id-{name}",
            last_seen_at=at,
            created_at=at,
        )
        session.add(contact)
        await session.flush()
        session.add(Conversation(contact_id=contact.id, flow="case", step="waiting", data={}))
        case = Case(
            number=f"AB-{contact.id:04d}",
            contact_id=contact.id,
            channel="telegram",
            language="vi",
            question="question text",
            status=status,
            created_at=at,
            closed_at=at if status == "closed" else None,
        )
        session.add(case)
        await session.flush()
        session.add(CaseMessage(case_id=case.id, author="migrant", text="hello", created_at=at))
        session.add(
            OutboxMessage(contact_id=contact.id, body={"text": "hi"}, retry_key=name, status="sent", created_at=at)
        )
        return contact.id


def _analytic(days_ago: int, ref: str) -> AnalyticCase:
    return AnalyticCase(
        case_ref=ref,
        person="",
        channel="line",
        language="vi",
        month="2023-01",
        topic="labour",
        recorded_at=NOW - dt.timedelta(days=days_ago),
    )


async def _counts(db: Database) -> dict[str, int]:
    async with db.transaction() as session:
        return {
            "messages": await session.scalar(select(func.count()).select_from(CaseMessage)) or 0,
            "questions": await session.scalar(select(func.count()).where(Case.question.is_not(None))) or 0,
            "outbox": await session.scalar(select(func.count()).select_from(OutboxMessage)) or 0,
            "platform_ids": await session.scalar(select(func.count()).where(Contact.platform_user_id.is_not(None)))
            or 0,
            "analytic": await session.scalar(select(func.count()).select_from(AnalyticCase)) or 0,
        }


async def test_operational_data_goes_after_ninety_days_and_analytic_rows_after_three_years(
    db: Database,
) -> None:
    old = await _person(db, "old", 91)
    await _person(db, "recent", 89)
    await _person(db, "open", None, status="active")
    async with db.transaction() as session:
        session.add_all([_analytic(3 * 365 + 1, "gone"), _analytic(3 * 365 - 1, "kept")])
    async with db.transaction() as session:
        report = await enforce_retention(session, NOW)
    assert (report.case_messages, report.questions, report.outbox_messages) == (1, 1, 1)
    assert (report.platform_ids, report.analytic_rows) == (1, 1)
    assert await _counts(db) == {"messages": 2, "questions": 2, "outbox": 2, "platform_ids": 2, "analytic": 1}
    async with db.transaction() as session:
        assert await session.get(Conversation, old) is None
        case = await session.scalar(select(Case).where(Case.contact_id == old))
        assert case is not None  # the coded case stays; only its text went
    async with db.transaction() as session:
        again = await enforce_retention(session, NOW)
    assert again == type(again)()


async def test_the_period_is_configurable(db: Database) -> None:
    await _person(db, "a", 40)
    async with db.transaction() as session:
        report = await enforce_retention(session, NOW, RetentionPolicy(operational=dt.timedelta(days=30)))
    assert report.case_messages == 1


async def test_a_migrant_who_writes_again_keeps_their_platform_id(db: Database) -> None:
    contact_id = await _person(db, "back", 120)
    async with db.transaction() as session:
        contact = await session.get(Contact, contact_id)
        assert contact is not None
        contact.last_seen_at = NOW - dt.timedelta(days=2)
    async with db.transaction() as session:
        report = await enforce_retention(session, NOW)
    assert report.platform_ids == 0
    assert report.case_messages == 1


def test_the_daily_run_is_at_three_in_the_morning_in_tokyo() -> None:
    assert next_run(NOW) == dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)
    assert next_run(dt.datetime(2026, 11, 23, 17, 59, tzinfo=dt.UTC)).hour == 18
    assert next_run(dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)).day == 24


async def test_the_daily_timer_enforces_the_policy_and_books_the_next_run(
    db: Database, services: Services, clock: Clock
) -> None:
    await _person(db, "old", 91)
    async with db.transaction() as session:
        await schedule_retention(session, clock.now, RetentionPolicy(operational=dt.timedelta(days=60)))
        await schedule_retention(session, clock.now)  # at start-up again: still one booking
    clock.advance(hours=18)
    assert await fire_due_timers(db, services) == 1
    assert (await _counts(db))["messages"] == 0
    async with db.transaction() as session:
        pending = (await session.scalars(select(Timer).where(Timer.fired_at.is_(None)))).all()
    assert [(t.kind, t.due_at, t.payload["operational_days"]) for t in pending] == [
        ("retention", dt.datetime(2026, 11, 24, 18, 0, tzinfo=dt.UTC), 60)
    ]


async def test_webhook_event_ids_are_kept_a_week(db: Database) -> None:
    from storage.events import first_delivery

    async with db.transaction() as session:
        await first_delivery(session, "line", "old", NOW - dt.timedelta(days=8))
        await first_delivery(session, "line", "recent", NOW - dt.timedelta(days=1))
    async with db.transaction() as session:
        report = await enforce_retention(session, NOW)
    assert report.event_ids == 1
    async with db.transaction() as session:
        assert not await first_delivery(session, "line", "recent", NOW)  # still recognised as a redelivery
        assert await first_delivery(session, "line", "old", NOW)


async def test_events_set_aside_as_failed_are_kept_a_week(db: Database) -> None:
    from sqlalchemy import update

    from storage.inbox import NewEvent, append, failed_count
    from storage.models import InboxEvent, InboxStatus

    async with db.transaction() as session:
        await append(
            session, [NewEvent("line", "old", "U1", '{"text": "my passport number"}')], NOW - dt.timedelta(days=8)
        )
        await append(session, [NewEvent("line", "new", "U1", '{"text": "my address"}')], NOW - dt.timedelta(days=1))
        await session.execute(update(InboxEvent).values(status=InboxStatus.FAILED))
    async with db.transaction() as session:
        await enforce_retention(session, NOW)
    async with db.transaction() as session:
        assert await failed_count(session) == 1
        assert (await session.scalars(select(InboxEvent.event_id))).all() == ["new"]
