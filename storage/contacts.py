"""Contacts: the one place a platform user id is kept, found by its keyed pseudonym."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import instance_state, set_committed_value

from storage.cases import no_open_case
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
    held = session.info.get(_HELD_PEOPLE)
    found = held.get((key, channel, platform_user_id)) if held is not None else None
    ck = found[0] if found is not None else contact_key(key, channel, platform_user_id)
    contact = _held_contact(found[1], ck) if found is not None and found[1] is not None else None
    # Someone the batch's query did not find is new: no need to ask again (should another process create them
    # meanwhile, the INSERT below finds them).
    if contact is None and (found is None or found[1] is not None):
        contact = await session.scalar(select(Contact).where(Contact.key == ck))
    if contact is None and previous_key is not None:
        old = contact_key(previous_key, channel, platform_user_id)
        contact = await session.scalar(select(Contact).where(Contact.key == old))
        if contact is not None:
            contact.key = ck
    if contact is not None:
        if contact.last_seen_at != now:  # a held contact was marked seen with the others of its batch
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
    if held is not None:  # a later event of theirs in the batch finds them held
        held[(key, channel, platform_user_id)] = (ck, contact)
    session.info.setdefault(_NEW, set()).add(contact.id)
    no_open_case(session, contact.id)
    return contact, True


# `session.info` keys: contacts and conversations read in this transaction, held so that the identity map keeps
# them (it holds an unchanged row only while something refers to it). Contacts are held under (pseudonym key,
# channel, platform user id), with their contact key: the key is computed once for the batch.
_HELD_PEOPLE = "hotline_contacts"
_HELD = "hotline_conversations"
_NEW = "hotline_new_contacts"  # ids of the contacts created in this transaction: they have no conversation yet


# Built once: a statement built for each batch costs more than running it (an IN list's values are each
# coerced, and the statement's cache key is computed again); these take the lists as expanding parameters.
_HELD_QUERY = (
    select(Contact, Conversation)
    .outerjoin(Conversation, Conversation.contact_id == Contact.id)
    .where(Contact.key.in_(bindparam("keys", expanding=True)))
)
_MARK_SEEN = (
    update(Contact).where(Contact.id.in_(bindparam("ids", expanding=True))).values(last_seen_at=bindparam("now"))
)
# New people, all in one INSERT (a key another transaction wrote first is skipped), read back as contacts.
_CREATE = {
    "postgresql": pg_insert(Contact).on_conflict_do_nothing(index_elements=["key"]).returning(Contact),
    "sqlite": sqlite_insert(Contact).on_conflict_do_nothing(index_elements=["key"]).returning(Contact),
}


async def hold_contacts(
    session: AsyncSession, key: bytes, people: Iterable[tuple[str, str]], now: dt.datetime, *, create: bool = False
) -> list[Contact]:
    """Read the contacts of many (channel, platform user id) pairs, and their conversations, in one query,
    and mark them seen `now` in one UPDATE; with `create`, the people not found are created in one INSERT.

    For a batch of events: `find_or_create_contact` and `conversation_of` then find them without a query each.
    Returns the contacts held (found, and created). Without `create` (during a key rotation, when someone not
    found may be known under the previous key), or for someone another transaction created first,
    `find_or_create_contact` creates them or finds them one by one.
    """
    keyed = {contact_key(key, channel, user): (channel, user) for channel, user in people if user}
    if not keyed:
        return []
    pairs = [
        (contact, conversation) for contact, conversation in await session.execute(_HELD_QUERY, {"keys": list(keyed)})
    ]
    # The people not found are held too, as None: they are new.
    people_held = session.info.setdefault(_HELD_PEOPLE, {})
    people_held.update(((key, channel, user), (ck, None)) for ck, (channel, user) in keyed.items())
    people_held.update(((key, *keyed[contact.key]), (contact.key, contact)) for contact, _ in pairs)
    created = await _create(session, key, keyed, {contact.key for contact, _ in pairs}, now) if create else []
    if not pairs:
        return created
    session.info.setdefault(_HELD, {}).update((row.contact_id, row) for _, row in pairs if row is not None)
    # In Core: the ORM's UPDATE would look for each contact in the session to set the value we set here.
    connection = await session.connection()
    await connection.execute(_MARK_SEEN, {"ids": [contact.id for contact, _ in pairs], "now": now})
    for contact, _ in pairs:
        set_committed_value(contact, "last_seen_at", now)
    return [contact for contact, _ in pairs] + created


async def _create(
    session: AsyncSession, key: bytes, keyed: dict[str, tuple[str, str]], found: set[str], now: dt.datetime
) -> list[Contact]:
    """Create the people of `keyed` not `found`, in one INSERT (in key order, so that two transactions that
    create the same people never wait for each other in a circle): held, known to have no conversation and no
    case yet. One by one, each creation would take a savepoint, whose cost grows with the session's objects."""
    new = sorted(ck for ck in keyed if ck not in found)
    if not new:
        return []
    rows = [
        {"key": ck, "channel": keyed[ck][0], "platform_user_id": keyed[ck][1], "created_at": now, "last_seen_at": now}
        for ck in new
    ]
    statement = _CREATE[session.get_bind().dialect.name]
    created = list((await session.scalars(statement, rows)).all())
    people_held = session.info.setdefault(_HELD_PEOPLE, {})
    fresh = session.info.setdefault(_NEW, set())
    for contact in created:
        people_held[(key, *keyed[contact.key])] = (contact.key, contact)
        fresh.add(contact.id)
        no_open_case(session, contact.id)
    return created


def _held_contact(contact: Contact, ck: str) -> Contact | None:
    """The held contact, unless it has changed since: erased or re-keyed, or its row rolled back (expired:
    reading it again needs a query)."""
    state = instance_state(contact)
    if not state.persistent or state.expired_attributes or contact.key != ck:
        return None
    return contact


def _held_conversation(session: AsyncSession, contact_id: int) -> Conversation | None:
    """The held conversation of the contact (added, or read), unless it was deleted or rolled back since (expired,
    or no longer in the session)."""
    conversation: Conversation | None = session.info.get(_HELD, {}).get(contact_id)
    if conversation is None:
        return None
    state = instance_state(conversation)
    return conversation if (state.persistent or state.pending) and not state.expired_attributes else None


async def conversation_of(session: AsyncSession, contact: Contact) -> Conversation:
    """The contact's conversation, created on first use.

    Several handlers ask for it in one turn: it is held for the transaction and read from the database once.
    """
    conversation = _held_conversation(session, contact.id)
    if conversation is not None:
        return conversation
    # A contact created in this transaction has none yet (were its creation rolled back, it would be gone too).
    new = contact.id in session.info.get(_NEW, ())
    conversation = None if new else await session.get(Conversation, contact.id)
    if conversation is None:
        conversation = Conversation(contact_id=contact.id, flow="intake", step="start", data={})
        session.add(conversation)
        if not new:  # a new contact's conversation is written with the batch's other changes
            await session.flush()
    session.info.setdefault(_HELD, {})[contact.id] = conversation
    return conversation
