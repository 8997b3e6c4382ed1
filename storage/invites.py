"""Invite codes: a coordinator issues one, a volunteer redeems it once from their own chat and becomes a supporter."""

from __future__ import annotations

import datetime as dt
import secrets
import unicodedata
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database
from storage.models import Contact, InviteCode, Supporter

# No 0/O, 1/I/L: codes are read out over the phone and typed on small keyboards.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
DEFAULT_VALIDITY = dt.timedelta(days=14)


def normalise_code(text: str) -> str:
    """What people type ("kx7p-m3qd", full-width, with spaces) to the stored form ("KX7PM3QD")."""
    folded = unicodedata.normalize("NFKC", text).upper()
    return "".join(ch for ch in folded if ch.isalnum())


def format_code(code: str) -> str:
    """The code as printed for people: two groups of four."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


async def create_invite(
    session: AsyncSession,
    now: dt.datetime,
    *,
    hubs: Iterable[str] = (),
    coordinator: bool = False,
    valid_for: dt.timedelta = DEFAULT_VALIDITY,
) -> InviteCode:
    """A new unused code; `hubs` become the new supporter's hubs (they can change them while registering)."""
    while True:
        code = "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))
        if await session.get(InviteCode, code) is None:
            break
    invite = InviteCode(code=code, hubs=list(hubs), coordinator=coordinator, created_at=now, expires_at=now + valid_for)
    session.add(invite)
    await session.flush()
    return invite


async def issue_invite(
    db: Database,
    *,
    hubs: Iterable[str] = (),
    coordinator: bool = False,
    valid_for: dt.timedelta = DEFAULT_VALIDITY,
    now: dt.datetime | None = None,
) -> str:
    """`hotline supporters invite`: issue a code and return it formatted for sharing."""
    async with db.transaction() as session:
        invite = await create_invite(
            session, now or dt.datetime.now(dt.UTC), hubs=hubs, coordinator=coordinator, valid_for=valid_for
        )
        return format_code(invite.code)


async def redeem_invite(session: AsyncSession, code: str, contact: Contact, now: dt.datetime) -> Supporter | None:
    """Turn `contact` into a supporter with a valid unused code. None when the code is unknown, used or expired.

    The invite row is locked (PostgreSQL) or the transaction is the only writer (SQLite), so two people
    typing the same code at once cannot both redeem it.
    """
    invite = await session.scalar(select(InviteCode).where(InviteCode.code == normalise_code(code)).with_for_update())
    if invite is None or invite.used_by is not None or invite.expires_at <= now:
        return None
    supporter = Supporter(
        contact_id=contact.id,
        alias="",
        languages={},
        hubs=list(invite.hubs),
        topics=[],
        roots=[],
        capacity=3,
        available=False,
        paused=False,
        coordinator=invite.coordinator,
        created_at=now,
    )
    session.add(supporter)
    await session.flush()
    supporter.alias = f"supporter-{supporter.id}"  # coordinators rename; the platform name is never copied
    invite.used_by = supporter.id
    contact.role = "supporter"
    contact.consent = "given"
    return supporter
