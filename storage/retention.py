"""Retention: operational data goes a while after a case closes; the analytic log goes after years.

Operational means what identifies or quotes a person: case messages and media files, the case question, sent
messages left in the outbox, a migrant's conversation state and platform id. Case rows themselves stay (coded
fields only, no text) so that numbering, audit and re-keying still work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AnalyticCase,
    Case,
    CaseMessage,
    Contact,
    Conversation,
    InboxEvent,
    InboxStatus,
    MediaFile,
    OutboxMessage,
    ProcessedEvent,
)
from storage.states import OPEN_CASE_STATUSES, CaseStatus, OutboxStatus


@dataclass(frozen=True)
class RetentionPolicy:
    operational: dt.timedelta = dt.timedelta(days=90)
    analytic: dt.timedelta = dt.timedelta(days=3 * 365)

    def to_json(self) -> dict[str, Any]:
        return {"operational_days": self.operational.days, "analytic_days": self.analytic.days}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RetentionPolicy:
        default = cls()
        return cls(
            operational=dt.timedelta(days=int(data.get("operational_days", default.operational.days))),
            analytic=dt.timedelta(days=int(data.get("analytic_days", default.analytic.days))),
        )


@dataclass(frozen=True)
class RetentionReport:
    """How many of each thing one run removed."""

    case_messages: int = 0
    questions: int = 0
    media_files: int = 0
    outbox_messages: int = 0
    platform_ids: int = 0
    analytic_rows: int = 0
    event_ids: int = 0


# Platforms redeliver a webhook for hours at most; a week of event ids is plenty to recognise redeliveries.
EVENT_IDS_KEPT = dt.timedelta(days=7)


def _count(result: Any) -> int:
    return int(result.rowcount)


async def enforce_retention(
    session: AsyncSession, now: dt.datetime, policy: RetentionPolicy | None = None
) -> RetentionReport:
    """Delete what the policy says is due at `now`. Idempotent: a second run finds nothing left."""
    policy = policy or RetentionPolicy()
    cutoff = now - policy.operational
    expired_cases = select(Case.id).where(Case.status == CaseStatus.CLOSED, Case.closed_at < cutoff)
    messages = await session.execute(delete(CaseMessage).where(CaseMessage.case_id.in_(expired_cases)))
    # A file sent during an intake that never became a case goes after the same period.
    media = await session.execute(
        delete(MediaFile).where(
            MediaFile.case_id.in_(expired_cases) | (MediaFile.case_id.is_(None) & (MediaFile.created_at < cutoff))
        )
    )
    questions = await session.execute(
        update(Case)
        .where(Case.status == CaseStatus.CLOSED, Case.closed_at < cutoff, Case.question.is_not(None))
        .values(question=None)
    )
    outbox = await session.execute(
        delete(OutboxMessage).where(OutboxMessage.status != OutboxStatus.PENDING, OutboxMessage.created_at < cutoff)
    )
    # A migrant is forgotten when quiet since the cutoff and with no case open or closed since then.
    recent_case = exists().where(
        Case.contact_id == Contact.id,
        or_(Case.status.in_(OPEN_CASE_STATUSES), Case.closed_at >= cutoff),
    )
    quiet = select(Contact.id).where(
        Contact.role == "migrant",
        Contact.platform_user_id.is_not(None),
        Contact.last_seen_at < cutoff,
        ~recent_case,
    )
    quiet_ids = list((await session.scalars(quiet)).all())
    if quiet_ids:
        await session.execute(delete(Conversation).where(Conversation.contact_id.in_(quiet_ids)))
        await session.execute(update(Contact).where(Contact.id.in_(quiet_ids)).values(platform_user_id=None))
    too_old = AnalyticCase.recorded_at < now - policy.analytic
    analytic = await session.execute(delete(AnalyticCase).where(too_old))
    events = await session.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < now - EVENT_IDS_KEPT))
    # Events set aside as failed keep their raw text for an operator to look at, no longer than the event ids.
    await session.execute(
        delete(InboxEvent).where(
            InboxEvent.status == InboxStatus.FAILED.value, InboxEvent.received_at < now - EVENT_IDS_KEPT
        )
    )
    return RetentionReport(
        case_messages=_count(messages),
        questions=_count(questions),
        media_files=_count(media),
        outbox_messages=_count(outbox),
        platform_ids=len(quiet_ids),
        analytic_rows=_count(analytic),
        event_ids=_count(events),
    )
