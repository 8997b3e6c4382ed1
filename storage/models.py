"""The hotline's tables.

Operational data (who is who on which platform, what was said) lives apart from the analytic case log
(`AnalyticCase`), which holds no platform id and no unscrubbed text. Every timestamp is timezone-aware UTC.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.expression import false

from storage.states import CaseStatus, DayStatus, OfferStatus, OutboxStatus


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores aware datetimes as UTC; SQLite keeps no zone, so we put it back on the way out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


JSONValue = dict[str, Any]


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime(), JSONValue: JSON(), list[str]: JSON()}


class Contact(Base):
    """A person on one platform. The only table that holds a platform user id."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # HMAC of channel and platform id
    channel: Mapped[str] = mapped_column(String(16))
    platform_user_id: Mapped[str | None] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16), default="migrant")  # migrant | supporter | coordinator
    locale: Mapped[str | None] = mapped_column(String(16))
    locale_source: Mapped[str | None] = mapped_column(String(16))  # explicit | platform | detected | default
    consent: Mapped[str] = mapped_column(String(16), default="unknown")  # unknown | given | declined
    consent_at: Mapped[dt.datetime | None]
    subscribed: Mapped[bool] = mapped_column(Boolean, default=True)  # consultation-day announcements
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)  # unfollowed / blocked the bot
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Conversation(Base):
    """Where a contact is in a dialogue; kept in the database so any process can answer the next message."""

    __tablename__ = "conversations"

    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    flow: Mapped[str] = mapped_column(String(32), default="intake")
    step: Mapped[str] = mapped_column(String(32), default="start")
    data: Mapped[JSONValue] = mapped_column(default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Hub(Base):
    __tablename__ = "hubs"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_ja: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64))


class Supporter(Base):
    __tablename__ = "supporters"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), unique=True)
    alias: Mapped[str] = mapped_column(String(64))  # shown to coordinators only, never to migrants
    languages: Mapped[JSONValue] = mapped_column(default=dict)  # code -> level 1..3
    hubs: Mapped[list[str]] = mapped_column(default=list)
    topics: Mapped[list[str]] = mapped_column(default=list)
    roots: Mapped[list[str]] = mapped_column(default=list)  # languages of the supporter's own roots
    capacity: Mapped[int] = mapped_column(Integer, default=3)
    available: Mapped[bool] = mapped_column(Boolean, default=False)  # takes cases outside shifts
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    national_pool: Mapped[bool] = mapped_column(Boolean, default=True)
    interpreter: Mapped[bool] = mapped_column(Boolean, default=False)
    coordinator: Mapped[bool] = mapped_column(Boolean, default=False)
    last_assigned_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class InviteCode(Base):
    __tablename__ = "invite_codes"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    hubs: Mapped[list[str]] = mapped_column(default=list)
    coordinator: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    used_by: Mapped[int | None] = mapped_column(ForeignKey("supporters.id", ondelete="SET NULL"))


class ConsultationDay(Base):
    __tablename__ = "consultation_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(128))
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    hubs: Mapped[list[str]] = mapped_column(default=list)
    languages: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(16), default=DayStatus.PLANNED)
    announced_at: Mapped[dt.datetime | None]


class Shift(Base):
    __tablename__ = "shifts"
    __table_args__ = (UniqueConstraint("day_id", "supporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("consultation_days.id", ondelete="CASCADE"))
    supporter_id: Mapped[int] = mapped_column(ForeignKey("supporters.id", ondelete="CASCADE"))
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_status", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)  # what people say on the phone: "A-1234"
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(16))
    prefecture: Mapped[int | None] = mapped_column(Integer)
    hub: Mapped[str | None] = mapped_column(String(32))
    topic: Mapped[str] = mapped_column(String(32), default="other")
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    question: Mapped[str | None] = mapped_column(Text)  # operational; deleted by retention
    status: Mapped[str] = mapped_column(String(16), default=CaseStatus.NEW)
    # new -> queued | offered -> active -> on_hold -> closed
    supporter_id: Mapped[int | None] = mapped_column(ForeignKey("supporters.id", ondelete="SET NULL"))
    interpreter_id: Mapped[int | None] = mapped_column(ForeignKey("supporters.id", ondelete="SET NULL"))
    day_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_days.id", ondelete="SET NULL"))
    outcome: Mapped[JSONValue | None]
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    first_response_at: Mapped[dt.datetime | None]
    last_activity_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[dt.datetime | None]


class CaseMessage(Base):
    """What was said in a case, for the people working on it. Deleted by retention after close."""

    __tablename__ = "case_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(16))  # migrant | supporter | interpreter | note | system
    supporter_id: Mapped[int | None] = mapped_column(ForeignKey("supporters.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16), default="text")
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Offer(Base):
    __tablename__ = "offers"
    __table_args__ = (Index("ix_offers_case_status", "case_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    supporter_id: Mapped[int] = mapped_column(ForeignKey("supporters.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16), default="supporter")  # supporter | interpreter
    status: Mapped[str] = mapped_column(String(16), default=OfferStatus.PENDING)
    # pending -> accepted | declined | expired | withdrawn
    reason: Mapped[str] = mapped_column(Text, default="")  # the routing explanation, for coordinators
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]


class Timer(Base):
    """A moment something must happen. APScheduler only fires these; the table is the truth."""

    __tablename__ = "timers"
    __table_args__ = (
        Index("ix_timers_due", "fired_at", "due_at"),
        UniqueConstraint("kind", "ref", name="uq_timers_kind_ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    ref: Mapped[str] = mapped_column(String(64))  # e.g. "offer:12" so one timer exists per thing
    due_at: Mapped[dt.datetime]
    payload: Mapped[JSONValue] = mapped_column(default=dict)
    fired_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class OutboxMessage(Base):
    """A message waiting to be sent. Written in the same transaction as the state change it reports.

    `status` is one of storage.states.OutboxStatus; `priority` one of storage.outbox.Priority (interactive
    replies before bulk announcements). While `claimed` or `sending`, `next_attempt_at` is the end of the sender's
    lease, and `repeatable` says whether the platform de-duplicates a repeat of the attempt under `retry_key`.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_queue", "status", "priority", "id"),
        # A claim asks whether a person has an earlier row still queued: with the status in the index that is a
        # few seeks, however many messages the person was sent before.
        Index("ix_outbox_contact_status", "contact_id", "priority", "status", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    body: Mapped[JSONValue]  # {"text": ..., "buttons": [[label, payload], ...]}
    reply_token: Mapped[str | None] = mapped_column(String(256))
    reply_token_expires_at: Mapped[dt.datetime | None]
    retry_key: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING)
    priority: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    repeatable: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]


class InboxStatus(StrEnum):
    PENDING = "pending"  # taken in, waiting for a worker (rows are deleted when processed)
    FAILED = "failed"  # failed MAX_ATTEMPTS times; kept for an operator, forgotten with the event ids


class InboxEvent(Base):
    """A webhook event kept raw the moment it arrived, until a worker processes it.

    `person` orders the work: one person's events are processed in arrival order, never by two workers at once.
    It is a hash of the sender's platform id, so the ordering key names nobody.
    """

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("channel", "event_id", name="uq_inbox_event"),
        Index("ix_inbox_status_id", "status", "id"),
        Index("ix_inbox_person_id", "person", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(128))
    person: Mapped[str] = mapped_column(String(32))
    raw: Mapped[str] = mapped_column(Text)  # the event's JSON as the platform sent it
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default=InboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))


class LinePushMonth(Base):
    """LINE pushes accepted in one month (Tokyo time), and the channel's quota as LINE last reported it.

    Replies are free; each accepted push request counts against the monthly quota.
    """

    __tablename__ = "line_push_months"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "2026-12"
    pushes: Mapped[int] = mapped_column(Integer, default=0)
    quota_limit: Mapped[int | None] = mapped_column(Integer)  # None: LINE sets no target limit
    quota_used: Mapped[int | None] = mapped_column(Integer)  # LINE's own count of messages this month
    quota_read_at: Mapped[dt.datetime | None]


class ProcessedEvent(Base):
    """Webhook events already taken in, so a redelivery is processed once."""

    __tablename__ = "processed_events"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    supporter_id: Mapped[int | None] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(32))
    allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    coordinator_id: Mapped[int | None] = mapped_column(Integer, index=True)  # who acted at the desk


class AnalyticCase(Base):
    """The anonymised case log for policy work: no platform id, no unscrubbed text, generalised fields."""

    __tablename__ = "analytic_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_ref: Mapped[str] = mapped_column(String(64), unique=True)  # keyed pseudonym of the case
    person: Mapped[str] = mapped_column(String(64), index=True)  # keyed pseudonym of the person
    key_version: Mapped[int] = mapped_column(Integer, default=1)
    channel: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(16))
    hub: Mapped[str | None] = mapped_column(String(32))
    prefecture: Mapped[int | None] = mapped_column(Integer)
    month: Mapped[str] = mapped_column(String(7))  # "2026-11"
    topic: Mapped[str] = mapped_column(String(32))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    policy_fields: Mapped[list[str]] = mapped_column(default=list)
    actions: Mapped[list[str]] = mapped_column(default=list)
    aid_category: Mapped[str | None] = mapped_column(String(32))
    aid_yen: Mapped[int | None] = mapped_column(Integer)
    continued: Mapped[bool | None] = mapped_column(Boolean)
    minutes_to_first_response: Mapped[int | None] = mapped_column(Integer)
    hours_to_close: Mapped[int | None] = mapped_column(Integer)
    day_id: Mapped[int | None] = mapped_column(Integer)
    question: Mapped[str | None] = mapped_column(Text)  # scrubbed, or None when scrubbing failed or no consent
    summary: Mapped[str | None] = mapped_column(Text)  # scrubbed
    media: Mapped[JSONValue] = mapped_column(default=dict)  # files of the case counted by kind, {"image": 1}
    consented: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Coordinator(Base):
    """A named account at the coordinators' desk. `supporter_id` links the person's bot registration, through
    which they receive sign-in links in their own chat."""

    __tablename__ = "coordinators"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16), default="coordinator")  # coordinator | admin
    supporter_id: Mapped[int | None] = mapped_column(ForeignKey("supporters.id", ondelete="SET NULL"))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SignInLink(Base):
    """A one-time sign-in link; only the SHA-256 of its secret is kept."""

    __tablename__ = "sign_in_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("coordinators.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]


class DeskSession(Base):
    """A signed-in browser; only the SHA-256 of its cookie is kept, and signing out revokes it."""

    __tablename__ = "desk_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("coordinators.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]


class MediaFile(Base):
    """A photo, voice note, video or document sent in a case: operational data, stripped of metadata on arrival.

    `token` names it in the signed URLs LINE fetches it from; it is random, never derived from an id. A file
    sent during intake has no case yet (`case_id` None) until the case opens; erasure and retention delete
    it with its case or its sender.
    """

    __tablename__ = "media_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # image | audio | video | file
    mime: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    preview: Mapped[bytes | None] = mapped_column(LargeBinary)  # a small JPEG, for images
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
