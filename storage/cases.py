"""Case queries, named for what they mean: whose cases, which are waiting, who may take one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from sqlalchemy import bindparam, event, func, inspect, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, object_session

from storage.models import Case, Contact
from storage.states import (
    ACCEPTING_CASE_STATUSES,
    LOAD_CASE_STATUSES,
    OPEN_CASE_STATUSES,
    UNFINISHED_CASE_STATUSES,
    WORKING_CASE_STATUSES,
    CaseStatus,
    OfferRole,
)

# Asked for every message a person sends, and most have none: built once, and asked in Core for the id only.
_OPEN_CASE_ID = (
    select(Case.id)
    .where(Case.contact_id == bindparam("contact_id"), Case.status.in_(OPEN_CASE_STATUSES))
    .order_by(Case.id.desc())
    .limit(1)
)


_OPEN_CASE_IDS = (
    select(Case.contact_id, func.max(Case.id))
    .where(Case.contact_id.in_(bindparam("contact_ids", expanding=True)), Case.status.in_(OPEN_CASE_STATUSES))
    .group_by(Case.contact_id)
)


# `session.info` key: {contact id: id of their open case or None}, read for a batch of events by
# `hold_open_cases`, forgotten as soon as the session writes to a case (see `_forget_open_cases`).
_OPEN_CASES = "hotline_open_cases"


async def hold_open_cases(session: AsyncSession, contact_ids: Collection[int]) -> None:
    """Read the open case of many people in one query: `open_case_of` then answers for them without one each.

    What is held is forgotten as soon as the session is given a case (`session.add`), a case of the session
    changes its person or status, or the session writes a case (an ORM flush that adds, changes or deletes a
    `Case`, or an INSERT, UPDATE or DELETE of cases through `session.execute`), so it never answers with an
    old state, flushed or not. A statement run on the session's connection directly is not seen: cases are
    written through the session.
    """
    if not contact_ids:
        session.info[_OPEN_CASES] = {}  # nobody known yet: people created in the batch are added as they come
        return
    rows = await session.execute(_OPEN_CASE_IDS, {"contact_ids": list(contact_ids)})
    found: dict[int | None, int] = {contact_id: case_id for contact_id, case_id in rows}
    session.info[_OPEN_CASES] = {contact_id: found.get(contact_id) for contact_id in contact_ids}


def no_open_case(session: AsyncSession | Session, contact_id: int) -> None:
    """The person was created in this transaction: they have no case (when the batch's open cases are held)."""
    held = session.info.get(_OPEN_CASES)
    if held is not None:
        held[contact_id] = None


@event.listens_for(Session, "before_flush")
def _forget_open_cases_on_flush(session: Session, _context: object, _instances: object) -> None:
    if _OPEN_CASES in session.info and any(
        isinstance(row, Case) for rows in (session.new, session.dirty, session.deleted) for row in rows
    ):
        del session.info[_OPEN_CASES]


@event.listens_for(Session, "do_orm_execute")
def _forget_open_cases_on_write(state: ORMExecuteState) -> None:
    if _OPEN_CASES in state.session.info and not state.is_select and state.bind_mapper is inspect(Case):
        del state.session.info[_OPEN_CASES]


# Before the flush too: `open_case_of` answers "no open case" from what is held without flushing the session.
@event.listens_for(Session, "transient_to_pending")
def _forget_open_cases_on_add(session: Session, instance: object) -> None:
    if isinstance(instance, Case):
        session.info.pop(_OPEN_CASES, None)


@event.listens_for(Case.status, "set")
@event.listens_for(Case.contact_id, "set")
def _forget_open_cases_on_change(target: Case, _value: object, _old: object, _initiator: object) -> None:
    session = object_session(target)
    if session is not None:
        session.info.pop(_OPEN_CASES, None)


async def open_case_of(session: AsyncSession, contact_id: int) -> Case | None:
    """The person's open consultation (the newest, should there be more), or None."""
    held = session.info.get(_OPEN_CASES)
    if held is not None and contact_id in held and held[contact_id] is None:
        return None  # most people: no flush, no query (see `hold_open_cases` for when this is forgotten)
    await session.flush()  # the question is asked in Core, which does not flush the session's changes itself
    held = session.info.get(_OPEN_CASES)
    if held is not None and contact_id in held:
        case_id = held[contact_id]
    else:
        connection = await session.connection()
        case_id = (await connection.execute(_OPEN_CASE_ID, {"contact_id": contact_id})).scalar()
    return None if case_id is None else await session.get(Case, case_id)


async def migrant_of(session: AsyncSession, case: Case) -> Contact | None:
    """The chat account of the case's migrant, or None when they erased their data or can no longer be reached."""
    migrant = await session.get(Contact, case.contact_id) if case.contact_id is not None else None
    return None if migrant is None or migrant.platform_user_id is None else migrant


async def last_closed_case_of(session: AsyncSession, contact_id: int) -> Case | None:
    """The person's most recently closed consultation, or None."""
    return await session.scalar(
        select(Case)
        .where(Case.contact_id == contact_id, Case.status == CaseStatus.CLOSED, Case.closed_at.is_not(None))
        .order_by(Case.closed_at.desc())
        .limit(1)
    )


async def working_cases_of(session: AsyncSession, supporter_id: int) -> list[Case]:
    """Cases this supporter works on, as supporter or interpreter, the most recently active first."""
    rows = await session.scalars(
        select(Case)
        .where(
            (Case.supporter_id == supporter_id) | (Case.interpreter_id == supporter_id),
            Case.status.in_(WORKING_CASE_STATUSES),
        )
        .order_by(Case.last_activity_at.desc())
    )
    return list(rows.all())


async def case_load_of(session: AsyncSession, supporter_id: int) -> int:
    """How many cases count against this supporter's capacity."""
    load = await session.scalar(
        select(func.count())
        .select_from(Case)
        .where(Case.supporter_id == supporter_id, Case.status.in_(LOAD_CASE_STATUSES))
    )
    return int(load or 0)


async def case_loads(session: AsyncSession) -> dict[int, int]:
    """Supporter id -> how many cases count against their capacity (supporters with none are absent)."""
    rows = await session.execute(
        select(Case.supporter_id, func.count())
        .where(Case.status.in_(LOAD_CASE_STATUSES), Case.supporter_id.is_not(None))
        .group_by(Case.supporter_id)
    )
    return {supporter_id: int(count) for supporter_id, count in rows.all() if supporter_id is not None}


async def queued_cases(session: AsyncSession) -> Sequence[Case]:
    """Cases waiting for a supporter, urgent first, then in the order they came."""
    return (
        await session.scalars(
            select(Case).where(Case.status == CaseStatus.QUEUED).order_by(Case.urgent.desc(), Case.id)
        )
    ).all()


async def unfinished_cases_of_day(session: AsyncSession, day_id: int) -> Sequence[Case]:
    """The day's cases still in play (not on hold, not closed)."""
    return (
        await session.scalars(select(Case).where(Case.day_id == day_id, Case.status.in_(UNFINISHED_CASE_STATUSES)))
    ).all()


async def case_number_taken(session: AsyncSession, number: str) -> bool:
    return await session.scalar(select(Case.id).where(Case.number == number)) is not None


async def assign_if_free(
    session: AsyncSession, case_id: int, role: OfferRole, supporter_id: int, now: dt.datetime
) -> bool:
    """Make `supporter_id` the case's supporter (or interpreter) if that place is still empty and the case can
    still be taken. A compare-and-set: of two acceptances in the same second, exactly one returns True."""
    column = Case.supporter_id if role == OfferRole.SUPPORTER else Case.interpreter_id
    taken = await session.execute(
        update(Case)
        .where(Case.id == case_id, column.is_(None), Case.status.in_(ACCEPTING_CASE_STATUSES))
        .values({column: supporter_id, "status": CaseStatus.ACTIVE, "last_activity_at": now})
    )
    return bool(taken.rowcount)  # type: ignore[attr-defined]
