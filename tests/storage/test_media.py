"""Media files live with their case: served while it is open, deleted by retention and erasure, counted (never kept)
in the analytic log. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from storage.analytics import record_case
from storage.contacts import find_or_create_contact
from storage.db import Database
from storage.erasure import erase_person
from storage.media import MediaKind, attach_to_case, keep_media, media_counts, servable_media
from storage.models import AnalyticCase, Case, MediaFile
from storage.retention import RetentionPolicy, enforce_retention

KEY = b"k" * 32
NOW = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)
JPEG = b"\xff\xd8\xff\xe0" + bytes(1000)


async def _case(session: object, contact_id: int, number: str, **fields: object) -> Case:
    case = Case(number=number, contact_id=contact_id, channel="line", language="vi", created_at=NOW, **fields)
    session.add(case)  # type: ignore[attr-defined]
    await session.flush()  # type: ignore[attr-defined]
    return case


async def _count(db: Database) -> int:
    async with db.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(MediaFile)) or 0)


async def test_a_file_is_served_while_its_case_is_open_and_a_few_days_after_the_close(db: Database) -> None:
    async with db.transaction() as session:
        contact, _ = await find_or_create_contact(session, KEY, "line", "U" + "1" * 32, NOW)
        case = await _case(session, contact.id, "AA-1001", status="active")
        kept = keep_media(session, kind=MediaKind.IMAGE, mime="image/jpeg", data=JPEG, now=NOW, contact_id=contact.id)
        intake = keep_media(session, kind=MediaKind.IMAGE, mime="image/jpeg", data=JPEG, now=NOW, contact_id=contact.id)
        await session.flush()
        await attach_to_case(session, [kept.id], case.id)
        token, intake_token, case_id = kept.token, intake.token, case.id
    assert len(token) >= 43  # 256 random bits
    async with db.transaction() as session:
        served = await servable_media(session, token, NOW)
        assert served is not None
        assert served.data == JPEG
        assert await servable_media(session, intake_token, NOW) is None  # not part of a case yet
        assert await servable_media(session, "no-such-token", NOW) is None
        case = await session.get(Case, case_id)
        assert case is not None
        case.status, case.closed_at = "closed", NOW
    async with db.transaction() as session:
        assert await servable_media(session, token, NOW + dt.timedelta(days=2)) is not None
        assert await servable_media(session, token, NOW + dt.timedelta(days=3, seconds=1)) is None


async def test_retention_deletes_the_files_of_expired_cases_and_of_intakes_never_sent(db: Database) -> None:
    policy = RetentionPolicy(operational=dt.timedelta(days=90))
    async with db.transaction() as session:
        contact, _ = await find_or_create_contact(session, KEY, "line", "U" + "2" * 32, NOW)
        old = await _case(session, contact.id, "AA-2001", status="closed", closed_at=NOW - dt.timedelta(days=91))
        recent = await _case(session, contact.id, "AA-2002", status="closed", closed_at=NOW - dt.timedelta(days=10))
        active = await _case(session, contact.id, "AA-2003", status="active")
        for case_id in (old.id, recent.id, active.id):
            keep_media(session, kind=MediaKind.FILE, mime="application/pdf", data=b"%PDF-", now=NOW, contact_id=None,
                       case_id=case_id)  # fmt: skip
        keep_media(session, kind=MediaKind.IMAGE, mime="image/jpeg", data=JPEG, contact_id=contact.id,
                   now=NOW - dt.timedelta(days=100))  # fmt: skip
        keep_media(session, kind=MediaKind.IMAGE, mime="image/jpeg", data=JPEG, contact_id=contact.id, now=NOW)
        recent_id, active_id = recent.id, active.id
    async with db.transaction() as session:
        report = await enforce_retention(session, NOW, policy)
        assert report.media_files == 2
        left = (await session.execute(select(MediaFile.case_id))).scalars().all()
    assert sorted(left, key=lambda c: c or 0) == [None, recent_id, active_id]
    async with db.transaction() as session:
        assert (await enforce_retention(session, NOW, policy)).media_files == 0


async def test_erasure_deletes_everything_the_person_sent_and_everything_in_their_cases(db: Database) -> None:
    async with db.transaction() as session:
        migrant, _ = await find_or_create_contact(session, KEY, "line", "U" + "3" * 32, NOW)
        other, _ = await find_or_create_contact(session, KEY, "telegram", "42", NOW)
        case = await _case(session, migrant.id, "AA-3001", status="active")
        keep_media(session, kind=MediaKind.IMAGE, mime="image/jpeg", data=JPEG, now=NOW, contact_id=migrant.id,
                   case_id=case.id)  # fmt: skip
        keep_media(session, kind=MediaKind.IMAGE, mime="image/jpeg", data=JPEG, now=NOW, contact_id=other.id,
                   case_id=case.id)  # a supporter's reply in the case  # fmt: skip
        keep_media(session, kind=MediaKind.IMAGE, mime="image/jpeg", data=JPEG, now=NOW, contact_id=migrant.id)
        keep_media(session, kind=MediaKind.IMAGE, mime="image/jpeg", data=JPEG, now=NOW, contact_id=other.id)
    assert await _count(db) == 4
    async with db.transaction() as session:
        migrant, _ = await find_or_create_contact(session, KEY, "line", "U" + "3" * 32, NOW)
        await erase_person(session, migrant, KEY, NOW)
    assert await _count(db) == 1  # only the other person's own, outside the erased case


async def test_the_analytic_log_counts_a_case_s_files_and_holds_none_of_them(db: Database) -> None:
    async with db.transaction() as session:
        migrant, _ = await find_or_create_contact(session, KEY, "line", "U" + "4" * 32, NOW)
        case = await _case(session, migrant.id, "AA-4001", status="closed", closed_at=NOW, question="Thư này nói gì?")
        for kind, mime in (
            (MediaKind.IMAGE, "image/jpeg"),
            (MediaKind.IMAGE, "image/jpeg"),
            (MediaKind.AUDIO, "audio/ogg"),
        ):
            keep_media(session, kind=kind, mime=mime, data=JPEG, now=NOW, contact_id=migrant.id, case_id=case.id)
        await session.flush()
        assert await media_counts(session, case.id) == {"image": 2, "audio": 1}
        row = await record_case(session, case, migrant.id, KEY, 1, True, NOW)
        assert row.media == {"image": 2, "audio": 1}
    async with db.transaction() as session:
        stored = (await session.scalars(select(AnalyticCase))).one()
        values = [getattr(stored, c.key) for c in AnalyticCase.__table__.columns]
    assert not any(isinstance(v, bytes) or (isinstance(v, str) and "\xff\xd8" in v) for v in values)
