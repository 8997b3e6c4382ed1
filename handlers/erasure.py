"""Erasure as the people around a case live it: whoever helped the person is told, once, that they left.

One home for that rule, used by `/delete` in the chat and by `hotline erase` for a request received elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.i18n import translator
from handlers.messages import Outbound
from storage.analytics import Erasure, erase_by_reference
from storage.outbox import enqueue
from storage.supporters import contact_of_supporter


async def tell_helpers_the_person_left(
    session: AsyncSession, helpers: Iterable[tuple[int, str]], now: dt.datetime
) -> int:
    """Queue, once per (supporter, case), a plain note in the supporter's language; returns how many were queued."""
    told = 0
    for supporter_id, number in dict.fromkeys(helpers):
        helper = await contact_of_supporter(session, supporter_id)
        if helper is None:
            continue
        message = translator(helper.locale).gettext(
            "The person of case {number} has erased their data and left. The case is closed; "
            "there is nothing more to do.",
            number=number,
        )
        enqueue(session, helper.id, Outbound(message).to_json(), now)
        told += 1
    return told


async def erase_on_request(session: AsyncSession, reference: str, keys: tuple[bytes, ...], now: dt.datetime) -> Erasure:
    """Erase the person a case number or contact key points to, and tell their supporters they left.

    Raises LookupError when nobody matches (storage.analytics.erase_by_reference).
    """
    erasure = await erase_by_reference(session, reference, keys, now)
    await tell_helpers_the_person_left(session, erasure.helpers, now)
    return erasure
