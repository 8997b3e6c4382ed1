"""The audit log: who did what to which case, and when. It names staff (coordinators, supporters' aliases) and
case numbers, never a migrant: no platform id, no name, no message text goes into `detail`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry, Case, Coordinator, Supporter


class DeskAction(StrEnum):
    """What a coordinator did at the desk (supporters' own actions in their chats are logged by the handlers)."""

    SIGN_IN = "sign_in"
    SIGN_IN_REFUSED = "sign_in_refused"
    SIGN_OUT = "sign_out"
    LINK_SENT = "link_sent"
    COORDINATOR_ADDED = "coordinator_added"
    OFFER = "offer"
    REASSIGN = "reassign"
    INTERPRETER = "interpreter"
    TRANSFER = "transfer"
    NOTE = "note"
    PAUSE = "pause"
    RESUME = "resume"
    INVITE = "invite"
    DAY_PLANNED = "day_planned"
    ANNOUNCE = "announce"
    EXPORT = "export"
    EXPORT_ROWS = "export_rows"
    ERASE = "erase"


def record(
    session: AsyncSession,
    now: dt.datetime,
    action: str,
    *,
    coordinator_id: int | None = None,
    supporter_id: int | None = None,
    case_id: int | None = None,
    detail: str = "",
    allowed: bool = True,
) -> None:
    session.add(
        AuditEntry(
            at=now,
            action=str(action),
            coordinator_id=coordinator_id,
            supporter_id=supporter_id,
            case_id=case_id,
            detail=detail,
            allowed=allowed,
        )
    )


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    action: str
    allowed: bool
    coordinator: str | None
    supporter: str | None
    case_number: str | None
    detail: str


@dataclass(frozen=True)
class AuditFilter:
    action: str | None = None
    coordinator_id: int | None = None
    case_number: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


async def audit_rows(session: AsyncSession, wanted: AuditFilter, limit: int = 300) -> list[AuditRow]:
    """The newest entries first, with names of staff and case numbers in place of ids."""
    query = (
        select(AuditEntry, Coordinator.name, Supporter.alias, Case.number)
        .outerjoin(Coordinator, Coordinator.id == AuditEntry.coordinator_id)
        .outerjoin(Supporter, Supporter.id == AuditEntry.supporter_id)
        .outerjoin(Case, Case.id == AuditEntry.case_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    if wanted.action:
        query = query.where(AuditEntry.action == wanted.action)
    if wanted.coordinator_id is not None:
        query = query.where(AuditEntry.coordinator_id == wanted.coordinator_id)
    if wanted.case_number:
        query = query.where(Case.number == wanted.case_number)
    if wanted.since is not None:
        query = query.where(AuditEntry.at >= wanted.since)
    if wanted.until is not None:
        query = query.where(AuditEntry.at < wanted.until)
    return [
        AuditRow(
            at=entry.at,
            action=entry.action,
            allowed=entry.allowed,
            coordinator=name,
            supporter=alias,
            case_number=number,
            detail=entry.detail,
        )
        for entry, name, alias, number in (await session.execute(query)).all()
    ]


async def audited_actions(session: AsyncSession) -> list[str]:
    return sorted(set((await session.scalars(select(AuditEntry.action).distinct())).all()))
