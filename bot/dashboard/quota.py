"""What an announcement costs in LINE pushes, against what is left of this month's quota: one function.

LINE counts every push message (not replies) against the channel's monthly quota (200 on the free plan); over
it, LINE refuses the message. Until the push ledger records each push, the pushes used this month are counted
from the outbox: LINE messages sent this month without a fresh reply token.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Contact, OutboxMessage

TOKYO = ZoneInfo("Asia/Tokyo")


@dataclass(frozen=True)
class PushBudget:
    used: int
    limit: int

    @property
    def left(self) -> int:
        return max(self.limit - self.used, 0)

    def allows(self, pushes: int) -> bool:
        return pushes <= self.left


def month_start(now: dt.datetime) -> dt.datetime:
    """LINE's month starts at midnight, Japan time, on the 1st."""
    local = now.astimezone(TOKYO)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(dt.UTC)


async def push_budget(session: AsyncSession, now: dt.datetime, limit: int) -> PushBudget:
    used = await session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .join(Contact, Contact.id == OutboxMessage.contact_id)
        .where(
            Contact.channel == "line",
            OutboxMessage.status == "sent",
            OutboxMessage.sent_at >= month_start(now),
            or_(
                OutboxMessage.reply_token.is_(None),
                OutboxMessage.reply_token_expires_at.is_(None),
                OutboxMessage.sent_at > OutboxMessage.reply_token_expires_at,
            ),
        )
    )
    return PushBudget(int(used or 0), limit)
