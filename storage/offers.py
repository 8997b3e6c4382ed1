"""Offer queries: who was asked about a case, who said no, what is still waiting for an answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Offer
from storage.states import REFUSED_OFFER_STATUSES, OfferRole, OfferStatus


async def refused_by(session: AsyncSession, case_id: int) -> frozenset[int]:
    """Supporters who declined the case or let its offer run out: never asked about it again."""
    rows = await session.scalars(
        select(Offer.supporter_id).where(Offer.case_id == case_id, Offer.status.in_(REFUSED_OFFER_STATUSES))
    )
    return frozenset(rows.all())


async def pending_offer_counts(session: AsyncSession) -> dict[int, int]:
    """Supporter id -> offers waiting for their answer (each holds a place against their capacity)."""
    rows = await session.execute(
        select(Offer.supporter_id, func.count()).where(Offer.status == OfferStatus.PENDING).group_by(Offer.supporter_id)
    )
    return {supporter_id: int(count) for supporter_id, count in rows.all()}


async def pending_offers_of_case(
    session: AsyncSession, case_id: int, role: OfferRole | None = None, *, besides: int | None = None
) -> Sequence[Offer]:
    """The case's offers still waiting for an answer (of one role, other than offer `besides`, if given)."""
    query = select(Offer).where(Offer.case_id == case_id, Offer.status == OfferStatus.PENDING)
    if role is not None:
        query = query.where(Offer.role == role)
    if besides is not None:
        query = query.where(Offer.id != besides)
    return (await session.scalars(query.order_by(Offer.id))).all()


async def count_pending_offers(session: AsyncSession, case_id: int, role: OfferRole) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(Offer)
        .where(Offer.case_id == case_id, Offer.status == OfferStatus.PENDING, Offer.role == role)
    )
    return int(count or 0)


async def pending_supporters_of_case(session: AsyncSession, case_id: int) -> frozenset[int]:
    rows = await session.scalars(
        select(Offer.supporter_id).where(Offer.case_id == case_id, Offer.status == OfferStatus.PENDING)
    )
    return frozenset(rows.all())


async def mark_declined(session: AsyncSession, case_id: int, supporter_id: int, now: dt.datetime) -> None:
    """Every offer of the case to this supporter counts as declined (a transfer: never offered back)."""
    await session.execute(
        update(Offer)
        .where(Offer.case_id == case_id, Offer.supporter_id == supporter_id, Offer.role == OfferRole.SUPPORTER)
        .values(status=OfferStatus.DECLINED, decided_at=now)
    )
    session.add(
        Offer(
            case_id=case_id,
            supporter_id=supporter_id,
            role=OfferRole.SUPPORTER,
            status=OfferStatus.DECLINED,
            reason="transferred",
            created_at=now,
            expires_at=now,
            decided_at=now,
        )
    )
    await session.flush()
