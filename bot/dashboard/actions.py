"""What a coordinator does to a case from the desk: offer it, route it again, add an interpreter, transfer it,
note it. Each checks the case's state first; offering and routing are the handlers' one offers API
(`handlers.offers`: offer, route_case, offer_interpreter)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dashboard.queries import DashboardError, candidates_for, open_case, system_turn
from handlers import offers
from handlers.context import Services
from handlers.i18n import translator
from handlers.messages import Outbound
from storage.models import CaseMessage
from storage.offers import count_pending_offers, mark_declined
from storage.states import CaseStatus, OfferRole
from storage.supporters import contact_of_supporter

MAX_NOTE = 2000


async def offer_to(session: AsyncSession, services: Services, case_id: int, supporter_id: int, role: str) -> str:
    """Offer the case to one chosen supporter (or interpreter), who gets Accept / Decline in their chat. Nobody
    who has this case pending is asked again. Returns their alias."""
    case = await open_case(session, case_id)
    as_role = OfferRole.INTERPRETER if role == OfferRole.INTERPRETER else OfferRole.SUPPORTER
    if as_role == OfferRole.SUPPORTER and case.supporter_id is not None:
        raise DashboardError("This case already has a supporter; transfer it first.")
    if as_role == OfferRole.INTERPRETER and case.interpreter_id is not None:
        raise DashboardError("This case already has an interpreter.")
    wanted = {c.supporter_id: c for c in await candidates_for(session, services, case, as_role)}
    candidate = wanted.get(supporter_id)
    if candidate is None:
        raise DashboardError(
            "That person cannot take this case now: language, room, pause, or an offer already pending."
        )
    case.last_activity_at = services.clock()
    await offers.offer(system_turn(session, services), case, supporter_id, as_role, "chosen by a coordinator")
    return candidate.alias


async def route_again(session: AsyncSession, services: Services, case_id: int) -> bool:
    """Run the router for the case again; True when someone was offered it."""
    case = await open_case(session, case_id)
    if case.supporter_id is not None:
        raise DashboardError("This case already has a supporter; transfer it first.")
    if await count_pending_offers(session, case.id, OfferRole.SUPPORTER):
        raise DashboardError("Offers of this case are still waiting for an answer.")
    if case.status == CaseStatus.ON_HOLD:
        case.status = CaseStatus.QUEUED
    decision = await offers.route_case(system_turn(session, services), case)
    return decision.kind != "exhausted"


async def add_interpreter(session: AsyncSession, services: Services, case_id: int) -> bool:
    """Ask the best free interpreter for the case's language; False when nobody is free."""
    case = await open_case(session, case_id)
    if case.interpreter_id is not None:
        raise DashboardError("This case already has an interpreter.")
    if await count_pending_offers(session, case.id, OfferRole.INTERPRETER):
        raise DashboardError("An interpreter is already being asked.")
    return await offers.offer_interpreter(system_turn(session, services), case)


async def transfer(session: AsyncSession, services: Services, case_id: int) -> bool:
    """Take the case from its supporter (who is told, and never offered it again) and route it anew."""
    case = await open_case(session, case_id)
    if case.supporter_id is None:
        raise DashboardError("This case has no supporter to transfer it from.")
    turn = system_turn(session, services)
    previous = case.supporter_id
    await mark_declined(session, case.id, previous, turn.now)
    case.supporter_id, case.status, case.last_activity_at = None, CaseStatus.QUEUED, turn.now
    contact = await contact_of_supporter(session, previous)
    if contact is not None:
        tr = translator(contact.locale)
        turn.send(
            contact.id,
            Outbound(tr.gettext("A coordinator has passed case {number} to another supporter.", number=case.number)),
        )
    decision = await offers.route_case(turn, case)
    return decision.kind != "exhausted"


async def add_note(session: AsyncSession, services: Services, case_id: int, text: str) -> None:
    case = await open_case(session, case_id)
    clean = text.strip()[:MAX_NOTE]
    if not clean:
        raise DashboardError("Write the note first.")
    session.add(CaseMessage(case_id=case.id, author="note", supporter_id=None, text=clean, created_at=services.clock()))
