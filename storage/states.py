"""The states a case, an offer and a consultation day go through, and the kinds of timer: one home for each.

They are `StrEnum`s, so a row holds the plain word ("on_hold") and comparing a column with a member works in
SQL and in Python alike. The groupings below are the only place that says which statuses count as "open".
"""

from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    """new -> queued | offered -> active -> on_hold -> closed (a reopened case goes back to active or offered)."""

    NEW = "new"
    QUEUED = "queued"  # nobody could take it; waits for a coordinator or the next consultation day
    OFFERED = "offered"  # offers are out, nobody has accepted yet
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    CLOSED = "closed"


# Not closed: the person has a consultation with us.
OPEN_CASE_STATUSES: tuple[CaseStatus, ...] = (
    CaseStatus.NEW,
    CaseStatus.QUEUED,
    CaseStatus.OFFERED,
    CaseStatus.ACTIVE,
    CaseStatus.ON_HOLD,
)
# A supporter (or interpreter) works on it: the case menu, replies, follow-ups and stale checks.
WORKING_CASE_STATUSES: tuple[CaseStatus, ...] = (CaseStatus.ACTIVE, CaseStatus.ON_HOLD)
# Counts against the capacity of the supporter it is assigned to.
LOAD_CASE_STATUSES: tuple[CaseStatus, ...] = (CaseStatus.OFFERED, CaseStatus.ACTIVE, CaseStatus.ON_HOLD)
# Still in play when a consultation day closes, so handed to follow-up.
UNFINISHED_CASE_STATUSES: tuple[CaseStatus, ...] = (
    CaseStatus.NEW,
    CaseStatus.QUEUED,
    CaseStatus.OFFERED,
    CaseStatus.ACTIVE,
)
# A helper may still accept an offer of the case in these statuses.
ACCEPTING_CASE_STATUSES: tuple[CaseStatus, ...] = (
    CaseStatus.NEW,
    CaseStatus.QUEUED,
    CaseStatus.OFFERED,
    CaseStatus.ACTIVE,
)


class OfferStatus(StrEnum):
    """pending -> accepted | declined | expired | withdrawn."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"  # also written when a supporter transfers a case away: never offered it back
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"  # someone else accepted first, or the day closed


# The supporter said no, or let it run out: re-routing never asks them again.
REFUSED_OFFER_STATUSES: tuple[OfferStatus, ...] = (OfferStatus.DECLINED, OfferStatus.EXPIRED)


class OutboxStatus(StrEnum):
    """pending -> claimed -> sending -> sent | failed | unknown (an attempt that may be repeated goes back to
    pending)."""

    PENDING = "pending"
    CLAIMED = "claimed"  # leased by a sender, its attempt not begun: safe to take again when the lease runs out
    SENDING = "sending"  # the attempt began: the platform may have the message
    SENT = "sent"
    FAILED = "failed"
    UNKNOWN = "unknown"  # the attempt's outcome was lost in a crash and a repeat could send it twice


class OfferRole(StrEnum):
    SUPPORTER = "supporter"
    INTERPRETER = "interpreter"


class DayStatus(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"


class TimerKind(StrEnum):
    """What a timer row is for. Each kind has exactly one effect (see `handlers.timers`)."""

    OFFER_TIMEOUT = "offer_timeout"
    FORGET_CONTACT = "forget_contact"
    RETENTION = "retention"
    DAY_OPEN = "day_open"
    DAY_CLOSE = "day_close"
    SHIFT_REMINDER = "shift_reminder"
    # After a consultation day closes: re-queue a case left without a supporter, or remind its supporter.
    DAY_FOLLOW_UP = "day_follow_up"
    # The reminder a supporter set for their own case (伴走支援).
    CASE_FOLLOW_UP = "follow_up"
    STALE_CHECK = "stale_check"
