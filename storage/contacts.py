"""Contacts: the one place a platform user id is kept, found by its keyed pseudonym."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Contact, Conversation
from storage.pseudonyms import pseudonym


def contact_key(key: bytes, channel: str, platform_user_id: str) -> str:
    return pseudonym(key, "contact", channel, platform_user_id)


async def find_or_create_contact(
    session: AsyncSession,
    key: bytes,
    channel: str,
    platform_user_id: str,
    now: dt.datetime,
    previous_key: bytes | None = None,
) -> tuple[Contact, bool]:
    """The contact for this platform account, created on first sight. Returns (contact, created).

    During a key rotation (`previous_key` set), someone known under the old key is found and re-keyed.
    """
    ck = contact_key(key, channel, platform_user_id)
    contact = await session.scalar(select(Contact).where(Contact.key == ck))
    if contact is None and previous_key is not None:
        old = contact_key(previous_key, channel, platform_user_id)
        contact = await session.scalar(select(Contact).where(Contact.key == old))
        if contact is not None:
            contact.key = ck
    if contact is not None:
        contact.last_seen_at = now
        if contact.platform_user_id is None:  # came back after erasure
            contact.platform_user_id = platform_user_id
        return contact, False
    contact = Contact(key=ck, channel=channel, platform_user_id=platform_user_id, created_at=now, last_seen_at=now)
    try:
        async with session.begin_nested():
            session.add(contact)
            await session.flush()
    except IntegrityError:  # another process created it a moment ago
        found = await session.scalar(select(Contact).where(Contact.key == ck))
        if found is None:  # the conflict was not on the key after all: let the caller see it
            raise
        return found, False
    return contact, True


# `session.info` key: the conversations read in this transaction, held so that the identity map keeps them.
_HELD = "hotline_conversations"


async def conversation_of(session: AsyncSession, contact: Contact) -> Conversation:
    """The contact's conversation, created on first use.

    Several handlers ask for it in one turn; the session's identity map holds an unchanged row only while
    something refers to it, so it is held for the transaction and read from the database once.
    """
    conversation = await session.get(Conversation, contact.id)
    if conversation is None:
        conversation = Conversation(contact_id=contact.id, flow="intake", step="start", data={})
        session.add(conversation)
        await session.flush()
    session.info.setdefault(_HELD, {})[contact.id] = conversation
    return conversation
