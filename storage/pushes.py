"""The ledger of LINE pushes per month, and LINE's own account of the channel's monthly quota.

Replies by reply token are free; every push LINE accepts counts against the monthly quota (200 on the free
plan; over it LINE refuses pushes). The sender counts pushes in the same transaction that records them as
delivered; the quota is read from LINE's API at start and daily. The dashboard and /metrics read
`push_quota(session, now)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import LinePushMonth

_TABLE = cast(Table, LinePushMonth.__table__)

# LINE counts its months in Japan time.
LINE_MONTH_ZONE = dt.timezone(dt.timedelta(hours=9), "Asia/Tokyo")


def month_of(moment: dt.datetime) -> str:
    """The ledger's month key for a moment: "2026-12", in Japan time."""
    return moment.astimezone(LINE_MONTH_ZONE).strftime("%Y-%m")


def _upsert(session: AsyncSession) -> type[postgresql.Insert] | type[sqlite.Insert]:
    return postgresql.Insert if session.get_bind().dialect.name == "postgresql" else sqlite.Insert


async def count_pushes(session: AsyncSession, now: dt.datetime, pushes: int) -> None:
    """Add `pushes` accepted push requests to the month of `now` (safe with several processes)."""
    if pushes <= 0:
        return
    table = _TABLE
    statement = _upsert(session)(table).values(month=month_of(now), pushes=pushes)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.month], set_={"pushes": table.c.pushes + statement.excluded.pushes}
    )
    await session.execute(statement)


async def record_quota(session: AsyncSession, now: dt.datetime, limit: int | None, used: int) -> None:
    """Keep what LINE said: the month's target limit (None when none is set) and its count of messages sent."""
    table = _TABLE
    values = {"quota_limit": limit, "quota_used": used, "quota_read_at": now}
    statement = _upsert(session)(table).values(month=month_of(now), pushes=0, **values)
    statement = statement.on_conflict_do_update(index_elements=[table.c.month], set_=values)
    await session.execute(statement)


@dataclass(frozen=True)
class PushQuota:
    """This month's pushes: ours counted as LINE accepted them, and LINE's quota as last read."""

    month: str
    pushes: int  # pushes this hotline counted this month
    limit: int | None  # LINE's target limit this month; None when unlimited or not read yet
    used_by_line: int | None  # LINE's count when last read (includes messages sent from LINE's own tools)
    read_at: dt.datetime | None

    @property
    def remaining(self) -> int | None:
        """Pushes left this month by the larger of the two counts; None when there is no known limit."""
        if self.limit is None:
            return None
        return max(0, self.limit - max(self.pushes, self.used_by_line or 0))


async def push_quota(session: AsyncSession, now: dt.datetime) -> PushQuota:
    month = month_of(now)
    row = (await session.execute(select(LinePushMonth).where(LinePushMonth.month == month))).scalar_one_or_none()
    if row is None:
        return PushQuota(month, 0, None, None, None)
    return PushQuota(month, row.pushes, row.quota_limit, row.quota_used, row.quota_read_at)


async def line_pushes_this_month(session: AsyncSession, now: dt.datetime) -> int:
    """Pushes LINE accepted from this hotline in the month of `now` (Japan time)."""
    return (await push_quota(session, now)).pushes
