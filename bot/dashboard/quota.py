"""What an announcement costs in LINE pushes, against what is left of this month's quota: one function.

LINE counts every push message (not replies) against the channel's monthly quota (200 on the free plan); over
it, LINE refuses the message. The push ledger (`storage.pushes`) counts the pushes LINE accepted from us and
keeps LINE's own reading of its quota; the limit is LINE's when it has been read, else HOTLINE_LINE_PUSH_QUOTA.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from storage.pushes import push_quota


@dataclass(frozen=True)
class PushBudget:
    used: int
    limit: int

    @property
    def left(self) -> int:
        return max(self.limit - self.used, 0)

    def allows(self, pushes: int) -> bool:
        return pushes <= self.left


async def push_budget(session: AsyncSession, now: dt.datetime, configured_limit: int) -> PushBudget:
    """This month's pushes used (the larger of our count and LINE's) against the month's limit."""
    quota = await push_quota(session, now)
    used = max(quota.pushes, quota.used_by_line or 0)
    return PushBudget(used, quota.limit if quota.limit is not None else configured_limit)
