"""Which conversation an inbound event belongs to: commands first, then the person's role and state."""

from __future__ import annotations

from handlers import commands, intake, registration, relay, supporter
from handlers.context import Turn
from handlers.messages import GROUP, UNFOLLOW
from storage.outbox import drop_for_contact


async def dispatch(turn: Turn) -> None:
    inbound = turn.message
    contact = turn.contact
    if inbound.kind == UNFOLLOW:
        contact.blocked = True
        await drop_for_contact(turn.session, contact.id)
        return
    if contact.blocked:  # set only when it changes: a changed contact is flushed before each query of the turn
        contact.blocked = False
    if inbound.kind == GROUP:
        intake.explain_one_to_one(turn)
        return
    if await registration.handle(turn):
        return
    if await commands.handle_command(turn):
        return
    if contact.role in ("supporter", "coordinator"):
        await supporter.handle(turn)
        return
    if await relay.relay_from_migrant(turn):
        return
    await intake.handle(turn)
