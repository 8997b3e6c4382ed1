"""What a coordinator does to a case from the desk: offer it, route it again, add an interpreter, transfer it,
note it. Each checks the case's state first; the routing itself is the handlers' (`handlers.offers`)."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dashboard.queries import DashboardError, candidates_for, open_case, system_turn
from handlers import offers
from handlers.case_life import offer_next_interpreter
from handlers.context import Services
from handlers.i18n import translator
from handlers.messages import Outbound
from storage.models import Case, CaseMessage, Offer
from storage.supporters import contact_of_supporter

MAX_NOTE = 2000


def _window(services: Services, case: Case) -> object:
    return services.offer_timeout_on_day if case.day_id is not None else services.offer_timeout


async def offer_to(session: AsyncSession, services: Services, case_id: int, supporter_id: int, role: str) -> str:
    """Offer the case to one chosen supporter (or interpreter), who gets Accept / Decline in their chat. Nobody
    who has this case pending is asked again. Returns their alias."""
    case = await open_case(session, case_id)
    if role == "supporter" and case.supporter_id is not None:
        raise DashboardError("This case already has a supporter; transfer it first.")
    if role == "interpreter" and case.interpreter_id is not None:
        raise DashboardError("This case already has an interpreter.")
    wanted = {c.supporter_id: c for c in await candidates_for(session, services, case, role)}
    candidate = wanted.get(supporter_id)
    if candidate is None:
        raise DashboardError(
            "That person cannot take this case now: language, room, pause, or an offer already pending."
        )
    turn = system_turn(session, services)
    timeout = services.offer_timeout_on_day if case.day_id is not None else services.offer_timeout
    if role == "supporter":
        case.status = "offered"
    case.last_activity_at = turn.now
    await offers._make_offer(turn, case, supporter_id, role, "chosen by a coordinator", timeout)
    return candidate.alias


async def route_again(session: AsyncSession, services: Services, case_id: int) -> bool:
    """Run the router for the case again; True when someone was offered it."""
    case = await open_case(session, case_id)
    if case.supporter_id is not None:
        raise DashboardError("This case already has a supporter; transfer it first.")
    pending = await session.scalar(
        select(func.count())
        .select_from(Offer)
        .where(Offer.case_id == case.id, Offer.status == "pending", Offer.role == "supporter")
    )
    if pending:
        raise DashboardError("Offers of this case are still waiting for an answer.")
    if case.status == "on_hold":
        case.status = "queued"
    decision = await offers.route_case(system_turn(session, services), case)
    return decision.kind != "exhausted"


async def add_interpreter(session: AsyncSession, services: Services, case_id: int) -> bool:
    """Ask the best free interpreter for the case's language; False when nobody is free."""
    case = await open_case(session, case_id)
    if case.interpreter_id is not None:
        raise DashboardError("This case already has an interpreter.")
    pending = await session.scalar(
        select(func.count())
        .select_from(Offer)
        .where(Offer.case_id == case.id, Offer.status == "pending", Offer.role == "interpreter")
    )
    if pending:
        raise DashboardError("An interpreter is already being asked.")
    return await offer_next_interpreter(system_turn(session, services), case)


async def transfer(session: AsyncSession, services: Services, case_id: int) -> bool:
    """Take the case from its supporter (who is told, and never offered it again) and route it anew."""
    case = await open_case(session, case_id)
    if case.supporter_id is None:
        raise DashboardError("This case has no supporter to transfer it from.")
    turn = system_turn(session, services)
    previous = case.supporter_id
    await session.execute(
        update(Offer)
        .where(Offer.case_id == case.id, Offer.supporter_id == previous, Offer.role == "supporter")
        .values(status="declined", decided_at=turn.now)
    )
    session.add(
        Offer(
            case_id=case.id,
            supporter_id=previous,
            role="supporter",
            status="declined",
            reason="transferred by a coordinator",
            created_at=turn.now,
            expires_at=turn.now,
            decided_at=turn.now,
        )
    )
    case.supporter_id, case.status, case.last_activity_at = None, "queued", turn.now
    await session.flush()
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
