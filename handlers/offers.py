"""Offering a case to supporters: who is asked, accept and decline, timeouts, and the end of the road.

The choice itself is `scheduler.routing.decide`, a pure function; this module loads the facts it needs, stores
offers and their timeout timers, and tells each person what happened in their own language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import structlog
from sqlalchemy import func, select, update

from handlers import attachments
from handlers.context import Turn
from handlers.i18n import N_, Translator, translator
from handlers.language import LANGUAGE_NAMES
from handlers.messages import Button, Outbound
from handlers.places import hub_name, prefecture_name
from handlers.vocabulary import TOPICS
from scheduler.routing import CaseNeeds, OfferTerms, RoutingDecision, SupporterProfile, decide, offer_terms
from storage.models import Case, Contact, Offer, Shift, Supporter, Timer
from storage.supporters import contact_of_supporter

log = structlog.get_logger(__name__)

ACTIVE_CASE_STATUSES = ("offered", "active", "on_hold")


async def supporter_profiles(turn: Turn) -> list[SupporterProfile]:
    session, now = turn.session, turn.now
    supporters = (
        await session.scalars(select(Supporter).where(Supporter.contact_id.is_not(None), Supporter.paused.is_(False)))
    ).all()
    loads = dict(
        (
            await session.execute(
                select(Case.supporter_id, func.count())
                .where(Case.status.in_(ACTIVE_CASE_STATUSES), Case.supporter_id.is_not(None))
                .group_by(Case.supporter_id)
            )
        ).all()
    )
    pending = dict(
        (
            await session.execute(
                select(Offer.supporter_id, func.count()).where(Offer.status == "pending").group_by(Offer.supporter_id)
            )
        ).all()
    )
    on_shift = set(
        (await session.scalars(select(Shift.supporter_id).where(Shift.starts_at <= now, Shift.ends_at > now))).all()
    )
    return [
        SupporterProfile(
            id=s.id,
            languages={code: int(level) for code, level in s.languages.items()},
            hubs=frozenset(s.hubs),
            topics=frozenset(s.topics),
            capacity=s.capacity,
            # A pending offer holds a place, so an urgent fan-out cannot overfill anyone.
            open_cases=loads.get(s.id, 0) + pending.get(s.id, 0),
            on_shift=s.id in on_shift,
            available=s.available,
            paused=s.paused,
            national_pool=s.national_pool,
            roots=frozenset(s.roots),
            interpreter=s.interpreter,
            last_assigned_at=s.last_assigned_at,
        )
        for s in supporters
    ]


async def declined_by(turn: Turn, case_id: int) -> frozenset[int]:
    rows = await turn.session.scalars(
        select(Offer.supporter_id).where(Offer.case_id == case_id, Offer.status.in_(("declined", "expired")))
    )
    return frozenset(rows.all())


def terms_for(turn: Turn, case: Case) -> OfferTerms:
    """How `case` is offered (see `scheduler.routing.offer_terms`), with this deployment's settings."""
    services = turn.services
    return offer_terms(
        urgent=case.urgent,
        on_consultation_day=case.day_id is not None,
        window=services.offer_timeout,
        window_on_day=services.offer_timeout_on_day,
        urgent_window=services.urgent_offer_timeout,
        fan_out=services.urgent_fan_out,
    )


async def route_case(turn: Turn, case: Case) -> RoutingDecision:
    """Offer the case to the best candidates, or queue it and alert the coordinators."""
    services = turn.services
    needs = CaseNeeds(
        case_id=case.id,
        language=case.language,
        hub=case.hub or "capital",
        topic=case.topic,
        urgent=case.urgent,
        declined_by=await declined_by(turn, case.id),
    )
    decision = decide(
        needs,
        await supporter_profiles(turn),
        services.hub_map,
        turn.now,
        fan_out=terms_for(turn, case).parallel,
    )
    log.info("routing decision", case=case.number, decision=decision.kind, explanation=decision.explanation)
    timeout = terms_for(turn, case).window
    if decision.kind == "exhausted":
        case.status = "queued"
        await alert_coordinators(turn, case, N_("No supporter could take case {number}. Please assign it."))
        return decision
    case.status = "offered"
    for candidate in decision.candidates:
        await _make_offer(turn, case, candidate.supporter_id, "supporter", candidate.reason, timeout)
    if decision.interpreter is not None:
        await _make_offer(
            turn, case, decision.interpreter.supporter_id, "interpreter", decision.interpreter.reason, timeout
        )
    return decision


async def _make_offer(
    turn: Turn, case: Case, supporter_id: int, role: str, reason: str, answer_within: dt.timedelta
) -> Offer:
    offer = Offer(
        case_id=case.id,
        supporter_id=supporter_id,
        role=role,
        status="pending",
        reason=reason,
        created_at=turn.now,
        expires_at=turn.now + answer_within,
    )
    turn.session.add(offer)
    await turn.session.flush()
    turn.session.add(Timer(kind="offer_timeout", ref=f"offer:{offer.id}", due_at=offer.expires_at, payload={}))
    contact = await contact_of_supporter(turn.session, supporter_id)
    assert contact is not None, "offers go only to supporters with a chat account"
    tr = translator(contact.locale)
    minutes = int(answer_within.total_seconds() // 60)
    head = (
        tr.gettext("Can you interpret for this consultation?")
        if role == "interpreter"
        else tr.gettext("New consultation for you.")
    )
    turn.send(
        contact.id,
        Outbound(
            "\n".join(
                [
                    ("🚨 " + tr.gettext("URGENT") + " · " if case.urgent else "") + head,
                    case_card(tr, turn, case),
                    answer_within_text(tr, minutes),
                    *(
                        [tr.gettext("Offered to several supporters at once: the first to accept takes it.")]
                        if case.urgent and role == "supporter"
                        else []
                    ),
                ]
            ),
            (
                Button(tr.gettext("Accept"), f"offer:accept:{offer.id}"),
                Button(tr.gettext("Decline"), f"offer:decline:{offer.id}"),
            ),
        ),
    )
    return offer


def answer_within_text(tr: Translator, minutes: int) -> str:
    """How long the supporter has, in whole hours when the window is hours long."""
    if minutes >= 120 and minutes % 60 == 0:
        return tr.ngettext("Please answer within {n} hour.", "Please answer within {n} hours.", minutes // 60)
    return tr.ngettext("Please answer within {n} minute.", "Please answer within {n} minutes.", minutes)


def case_card(tr: Translator, turn: Turn, case: Case) -> str:
    return "\n".join([*case_facts(tr, turn, case), "—", case.question or ""])


def case_facts(tr: Translator, turn: Turn, case: Case) -> list[str]:
    """The case number, language, place and topic, in the reader's language."""
    hub = turn.services.hub_map.hubs.get(case.hub or "")
    prefecture = turn.services.hub_map.prefectures.get(case.prefecture or 0)
    place = ""
    if prefecture is not None:
        place = prefecture_name(tr, prefecture)
    elif hub is not None:
        place = hub_name(tr, hub)
    return [
        tr.gettext("Case {number}", number=case.number),
        tr.gettext("Language: {language}", language=LANGUAGE_NAMES.get(case.language, case.language)),
        tr.gettext("Area: {place}", place=place),
        tr.gettext("Topic: {topic}", topic=tr.gettext(TOPICS.get(case.topic, TOPICS["other"]))),
    ]


async def alert_coordinators(turn: Turn, case: Case, reason: str, **values: object) -> None:
    """Tell every coordinator, each in their own language: `reason` is a message id (marked with N_) that may use
    {number} (the case number people use, never our internal id) and `values`; the case's facts follow."""
    coordinators: Sequence[Contact] = (
        await turn.session.scalars(
            select(Contact).join(Supporter, Supporter.contact_id == Contact.id).where(Supporter.coordinator.is_(True))
        )
    ).all()
    for contact in coordinators:
        tr = translator(contact.locale)
        alert = ("🚨 " if case.urgent else "") + tr.gettext(reason, number=case.number, **values)
        turn.send(contact.id, Outbound("\n".join([alert, *case_facts(tr, turn, case)])))


async def _withdraw_other_offers(turn: Turn, case: Case, winner: Offer) -> None:
    others = (
        await turn.session.scalars(
            select(Offer).where(
                Offer.case_id == case.id,
                Offer.status == "pending",
                Offer.id != winner.id,
                Offer.role == winner.role,
            )
        )
    ).all()
    for offer in others:
        offer.status, offer.decided_at = "withdrawn", turn.now
        await _cancel_timer(turn, offer)
        await _tell_supporter(
            turn,
            offer.supporter_id,
            N_("Thank you. Another supporter has already taken case {number}."),
            case,
        )


async def _cancel_timer(turn: Turn, offer: Offer) -> None:
    await turn.session.execute(
        update(Timer)
        .where(Timer.kind == "offer_timeout", Timer.ref == f"offer:{offer.id}", Timer.fired_at.is_(None))
        .values(fired_at=turn.now)
    )


async def _tell_supporter(turn: Turn, supporter_id: int, message: str, case: Case) -> None:
    contact = await contact_of_supporter(turn.session, supporter_id)
    if contact is None:
        return
    turn.send(contact.id, Outbound(translator(contact.locale).gettext(message, number=case.number)))


async def answer_offer(turn: Turn, offer_id: int, accept: bool, supporter: Supporter) -> None:
    """A supporter tapped Accept or Decline. The first acceptance wins; everyone is told the outcome."""
    tr = turn.tr
    offer = await turn.session.get(Offer, offer_id)
    if offer is None or offer.supporter_id != supporter.id:
        turn.reply(tr.gettext("This offer is not for you."))
        return
    # Lock the case before touching any offer: two accepts in the same second then queue on one row
    # instead of each locking its own offer and waiting for the other's (a deadlock on PostgreSQL).
    case = await turn.session.get(Case, offer.case_id, with_for_update=True)
    assert case is not None
    await turn.session.refresh(offer)  # the winner may have withdrawn it while we waited
    if offer.status != "pending":
        turn.reply(tr.gettext("This offer has already ended. Thank you."))
        return
    offer.decided_at = turn.now
    await _cancel_timer(turn, offer)
    if not accept:
        offer.status = "declined"
        turn.reply(tr.gettext("Thank you. We will ask someone else."))
        if not await _pending_offers(turn, case, offer.role):
            await _reroute(turn, case, offer.role)
        return
    column = Case.supporter_id if offer.role == "supporter" else Case.interpreter_id
    # Compare-and-set: of two acceptances in the same second, exactly one changes the row.
    taken = await turn.session.execute(
        update(Case)
        .where(Case.id == case.id, column.is_(None), Case.status.in_(("offered", "queued", "new", "active")))
        .values({column: supporter.id, "status": "active", "last_activity_at": turn.now})
    )
    if not taken.rowcount:  # type: ignore[attr-defined]
        offer.status = "withdrawn"
        turn.reply(tr.gettext("Thank you. Another supporter has already taken case {number}.", number=case.number))
        return
    await turn.session.refresh(case)
    offer.status = "accepted"
    supporter.last_assigned_at = turn.now
    await _withdraw_other_offers(turn, case, offer)
    if case.first_response_at is None and offer.role == "supporter":
        case.first_response_at = turn.now
    turn.reply(
        tr.gettext("You have taken case {number}.", number=case.number)
        + "\n"
        + tr.gettext("Write here to reply. Your messages are passed on without your name or account.")
    )
    # Files sent with the question are shown now, to the helper who took the case, never to candidates.
    await attachments.show_question_files(turn, case, turn.contact, tr.gettext("Case {number}", number=case.number))
    if case.contact_id is not None:
        migrant = await turn.session.get(Contact, case.contact_id)
        if migrant is not None:
            mtr = translator(migrant.locale)
            text = (
                mtr.gettext("An interpreter has joined your consultation.")
                if offer.role == "interpreter"
                else mtr.gettext("A supporter is now looking at your consultation. You can talk here.")
            )
            turn.send(migrant.id, Outbound(text))


async def _pending_offers(turn: Turn, case: Case, role: str) -> int:
    count = await turn.session.scalar(
        select(func.count())
        .select_from(Offer)
        .where(Offer.case_id == case.id, Offer.status == "pending", Offer.role == role)
    )
    return int(count or 0)


async def _reroute(turn: Turn, case: Case, role: str) -> None:
    if role == "supporter" and case.supporter_id is None:
        await route_case(turn, case)
    elif role == "interpreter" and case.interpreter_id is None and case.status != "closed":
        # Imported here: case_life builds on this module, and only this path needs it back.
        from handlers.case_life import offer_next_interpreter

        if not await offer_next_interpreter(turn, case):
            await alert_coordinators(turn, case, N_("No interpreter accepted case {number}. Please find one."))


async def expire_offer(turn: Turn, offer_id: int) -> None:
    """The offer's timer fired: if nobody answered, ask the next candidate."""
    offer = await turn.session.get(Offer, offer_id)
    if offer is None or offer.status != "pending":
        return
    offer.status, offer.decided_at = "expired", turn.now
    case = await turn.session.get(Case, offer.case_id)
    assert case is not None
    await _tell_supporter(
        turn,
        offer.supporter_id,
        N_("The time to answer case {number} has passed. We asked someone else."),
        case,
    )
    if not await _pending_offers(turn, case, offer.role):
        await _reroute(turn, case, offer.role)
