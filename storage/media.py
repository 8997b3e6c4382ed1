"""Media files of cases: kept with the case, found by their URL token, deleted with the case or the person.

The files arrive already stripped of metadata (handlers.media); this module only keeps and finds them.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from enum import StrEnum

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Case, MediaFile
from storage.states import CaseStatus

# LINE fetches a file when the person opens the chat, possibly a while after a supporter sent it and closed the
# case: a closed case's files are served this long after the close, then no more (retention deletes them later).
SERVED_AFTER_CLOSE = dt.timedelta(days=3)


class MediaKind(StrEnum):
    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"
    FILE = "file"


def new_token() -> str:
    """A URL token nobody can guess (256 random bits)."""
    return secrets.token_urlsafe(32)


def keep_media(
    session: AsyncSession,
    *,
    kind: MediaKind,
    mime: str,
    data: bytes,
    now: dt.datetime,
    contact_id: int | None,
    case_id: int | None = None,
    preview: bytes | None = None,
    duration_ms: int | None = None,
) -> MediaFile:
    media = MediaFile(
        token=new_token(),
        case_id=case_id,
        contact_id=contact_id,
        kind=str(kind),
        mime=mime,
        size=len(data),
        duration_ms=duration_ms,
        data=data,
        preview=preview,
        created_at=now,
    )
    session.add(media)
    return media


async def attach_to_case(session: AsyncSession, media_ids: Sequence[int], case_id: int) -> None:
    """Files sent during intake become part of the case once it opens."""
    if media_ids:
        await session.execute(
            update(MediaFile)
            .where(MediaFile.id.in_(list(media_ids)), MediaFile.case_id.is_(None))
            .values(case_id=case_id)
        )


async def media_of_case(session: AsyncSession, case_id: int) -> list[MediaFile]:
    rows = await session.scalars(select(MediaFile).where(MediaFile.case_id == case_id).order_by(MediaFile.id))
    return list(rows.all())


async def media_by_token(session: AsyncSession, token: str) -> MediaFile | None:
    result: MediaFile | None = await session.scalar(select(MediaFile).where(MediaFile.token == token))
    return result


async def servable_media(session: AsyncSession, token: str, now: dt.datetime) -> MediaFile | None:
    """The file behind a URL token while its case is open (or closed for less than SERVED_AFTER_CLOSE)."""
    media = await media_by_token(session, token)
    if media is None or media.case_id is None:
        return None
    case = await session.get(Case, media.case_id)
    if case is None:
        return None
    if case.status == CaseStatus.CLOSED and (case.closed_at is None or case.closed_at + SERVED_AFTER_CLOSE <= now):
        return None
    return media


async def media_counts(session: AsyncSession, case_id: int) -> dict[str, int]:
    """How many files of each kind a case holds ("1 photo"), for the analytic log, which never holds the files."""
    rows = await session.execute(
        select(MediaFile.kind, func.count()).where(MediaFile.case_id == case_id).group_by(MediaFile.kind)
    )
    return {str(kind): int(count) for kind, count in rows.all()}


async def delete_media_of_cases(session: AsyncSession, case_ids: Sequence[int]) -> int:
    if not case_ids:
        return 0
    result = await session.execute(delete(MediaFile).where(MediaFile.case_id.in_(list(case_ids))))
    return int(result.rowcount)  # type: ignore[attr-defined]


async def delete_media_of_contact(session: AsyncSession, contact_id: int) -> int:
    """Everything this person sent, in a case or not yet."""
    result = await session.execute(delete(MediaFile).where(MediaFile.contact_id == contact_id))
    return int(result.rowcount)  # type: ignore[attr-defined]
