"""Coordinators' accounts at the desk: one-time sign-in links and server-side sessions.

Secrets (a link's token, a session's cookie) are handed out once and stored only as their SHA-256, so a copy
of the database signs nobody in. A link works once and for 24 hours; a session lasts a consultation day and
ends for good when its holder signs out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Contact, Coordinator, DeskSession, SignInLink, Supporter

LINK_LIFETIME = dt.timedelta(hours=24)
SESSION_LIFETIME = dt.timedelta(hours=12)  # one consultation day, with room to spare
BREAK_GLASS_NAME = "break-glass"


class CoordinatorRole(StrEnum):
    COORDINATOR = "coordinator"
    ADMIN = "admin"  # also manages coordinators and row-level exports


class CoordinatorError(ValueError):
    """The account cannot be made or changed; the message says why in one sentence."""


@dataclass(frozen=True)
class SignedIn:
    """Who holds a valid session."""

    coordinator_id: int
    name: str
    role: CoordinatorRole

    @property
    def is_admin(self) -> bool:
        return self.role is CoordinatorRole.ADMIN


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).split())


async def add_coordinator(
    session: AsyncSession,
    name: str,
    role: CoordinatorRole = CoordinatorRole.COORDINATOR,
    now: dt.datetime | None = None,
) -> Coordinator:
    """A new account. A supporter registered with the bot as a coordinator under the same alias is linked, so
    that later sign-in links reach them in their own chat."""
    clean = normalise_name(name)
    if not clean or len(clean) > 64:
        raise CoordinatorError("A coordinator's name is 1 to 64 characters long.")
    if await coordinator_named(session, clean) is not None:
        raise CoordinatorError(f"There is already a coordinator named {clean}.")
    supporter = await _registered_coordinator(session, clean)
    coordinator = Coordinator(
        name=clean,
        role=role.value,
        supporter_id=supporter.id if supporter is not None else None,
        created_at=now or dt.datetime.now(dt.UTC),
    )
    session.add(coordinator)
    await session.flush()
    return coordinator


async def coordinator_named(session: AsyncSession, name: str) -> Coordinator | None:
    clean = normalise_name(name)
    return await session.scalar(select(Coordinator).where(func.lower(Coordinator.name) == clean.lower()))


async def _registered_coordinator(session: AsyncSession, name: str) -> Supporter | None:
    return await session.scalar(
        select(Supporter)
        .where(
            func.lower(Supporter.alias) == name.lower(),
            Supporter.coordinator.is_(True),
            Supporter.contact_id.is_not(None),
        )
        .order_by(Supporter.id)
        .limit(1)
    )


async def coordinators(session: AsyncSession) -> list[Coordinator]:
    return list((await session.scalars(select(Coordinator).order_by(Coordinator.name))).all())


async def issue_sign_in_link(session: AsyncSession, coordinator_id: int, now: dt.datetime) -> str:
    """A fresh one-time token for the coordinator; the caller puts it in a link."""
    token = secrets.token_urlsafe(32)
    session.add(
        SignInLink(
            token_hash=digest(token), coordinator_id=coordinator_id, created_at=now, expires_at=now + LINK_LIFETIME
        )
    )
    await session.flush()
    return token


async def link_holder(session: AsyncSession, token: str, now: dt.datetime) -> Coordinator | None:
    """Whom an unused, unexpired link would sign in (without using it up)."""
    link = await session.get(SignInLink, digest(token))
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    coordinator = await session.get(Coordinator, link.coordinator_id)
    return coordinator if coordinator is not None and not coordinator.disabled else None


async def redeem_sign_in_link(session: AsyncSession, token: str, now: dt.datetime) -> Coordinator | None:
    """Use the link up and return its coordinator, or None if it is unknown, used or expired.

    The conditional UPDATE makes two simultaneous uses of one link sign in at most once.
    """
    coordinator = await link_holder(session, token, now)
    if coordinator is None:
        return None
    used = await session.execute(
        update(SignInLink)
        .where(SignInLink.token_hash == digest(token), SignInLink.used_at.is_(None))
        .values(used_at=now)
    )
    return coordinator if used.rowcount == 1 else None  # type: ignore[attr-defined]


async def break_glass_admin(session: AsyncSession, now: dt.datetime) -> Coordinator:
    """The account the shared admin token signs in as, so that its actions are audited under one name."""
    found = await coordinator_named(session, BREAK_GLASS_NAME)
    if found is not None:
        return found
    return await add_coordinator(session, BREAK_GLASS_NAME, CoordinatorRole.ADMIN, now)


async def open_session(session: AsyncSession, coordinator_id: int, now: dt.datetime) -> str:
    """A new session; returns the cookie value."""
    token = secrets.token_urlsafe(32)
    session.add(
        DeskSession(
            token_hash=digest(token), coordinator_id=coordinator_id, created_at=now, expires_at=now + SESSION_LIFETIME
        )
    )
    await session.flush()
    return token


async def signed_in(session: AsyncSession, token: str, now: dt.datetime) -> SignedIn | None:
    """The holder of a live session: not revoked, not expired, account not disabled."""
    row = (
        await session.execute(
            select(Coordinator.id, Coordinator.name, Coordinator.role)
            .join(DeskSession, DeskSession.coordinator_id == Coordinator.id)
            .where(
                DeskSession.token_hash == digest(token),
                DeskSession.revoked_at.is_(None),
                DeskSession.expires_at > now,
                Coordinator.disabled.is_(False),
            )
        )
    ).first()
    if row is None:
        return None
    return SignedIn(row[0], row[1], CoordinatorRole(row[2]))


async def close_session(session: AsyncSession, token: str, now: dt.datetime) -> None:
    await session.execute(
        update(DeskSession)
        .where(DeskSession.token_hash == digest(token), DeskSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def chat_of(session: AsyncSession, coordinator: Coordinator) -> Contact | None:
    """The coordinator's own LINE or Telegram chat, through their bot registration."""
    supporter_id = coordinator.supporter_id
    if supporter_id is None:
        supporter = await _registered_coordinator(session, coordinator.name)
        if supporter is None:
            return None
        coordinator.supporter_id = supporter_id = supporter.id
    contact = await session.scalar(
        select(Contact).join(Supporter, Supporter.contact_id == Contact.id).where(Supporter.id == supporter_id)
    )
    return contact if contact is not None and not contact.blocked else None


async def coordinator_for_chat_request(session: AsyncSession, name: str, now: dt.datetime) -> Coordinator | None:
    """Who may receive a link in their chat under this name: an account linked to a bot registration, or a
    supporter invited as a coordinator who has no account yet (one is opened for them, as a coordinator)."""
    clean = normalise_name(name)
    if not clean:
        return None
    coordinator = await coordinator_named(session, clean)
    if coordinator is None:
        supporter = await _registered_coordinator(session, clean)
        if supporter is None:
            return None
        coordinator = await add_coordinator(session, supporter.alias, CoordinatorRole.COORDINATOR, now)
    if coordinator.disabled or coordinator.name == BREAK_GLASS_NAME:
        return None
    return coordinator
