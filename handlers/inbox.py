"""The one entry point for an inbound event: record it once, find the person, run the conversation."""

from __future__ import annotations

from handlers.context import Services, Turn
from handlers.dispatch import dispatch
from handlers.media import receive_media
from handlers.messages import MEDIA, Inbound
from storage.contacts import find_or_create_contact
from storage.db import Database
from storage.events import first_delivery


async def handle_inbound(db: Database, services: Services, inbound: Inbound) -> bool:
    """Process one event in one transaction. Returns False when it was a redelivery and nothing was done.

    The event id, the state change and the queued replies commit together: a crash before the commit means
    the platform's redelivery is processed as new; after it, the redelivery is recognised and ignored.
    """
    # The file is fetched before the transaction: a download must not hold the database.
    arrival = await receive_media(services.media_fetcher, inbound) if inbound.kind == MEDIA else None
    now = services.clock()
    async with db.transaction() as session:
        if not await first_delivery(session, inbound.channel, inbound.event_id, now):
            return False
        contact, _created = await find_or_create_contact(
            session, services.pseudonym_key, inbound.channel, inbound.address, now, services.previous_pseudonym_key
        )
        await dispatch(
            Turn(session=session, services=services, contact=contact, inbound=inbound, now=now, arrival=arrival)
        )
    return True
