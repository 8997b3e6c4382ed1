"""The offers API: offering a case to supporters and interpreters, accept and decline, timeouts, the end of the road.

Everything that offers a case calls this module: intake (`route_case`), a transfer (`route_case` with a hub), a
request for an interpreter (`offer_interpreter`), the dashboard (`offer` to a chosen supporter). The choice itself
is `scheduler.routing`'s, a pure policy; this module loads the facts it needs, stores offers and their timeout
timers, and tells each person what happened in their own language. How long an offer stays open and to how many
at once is `terms_for`, one function of the case's urgency and its consultation day.
"""

from __future__ import annotations

import structlog

from handlers import attachments
from handlers.context import Turn
from handlers.i18n import N_, Translator, translator
from handlers.messages import Button, Outbound
from handlers.places import hub_name, prefecture_name
from handlers.vocabulary import TOPICS
from scheduler.routing import (
    CaseNeeds,
    OfferTerms,
    RoutingDecision,
    SupporterProfile,
    best_interpreter,
    decide,
    offer_terms,
    rank_candidates,
    rank_interpreters,
)
from storage.cases import assign_if_free, case_loads
from storage.models import Case, Contact, Offer, Supporter
from storage.offers import (
    count_pending_offers,
    pending_offer_counts,
    pending_offers_of_case,
    pending_supporters_of_case,
    refused_by,
)
from storage.states import CaseStatus, OfferRole, OfferStatus, TimerKind
from storage.supporters import contact_of_supporter, coordinator_contacts, on_shift_now, reachable_supporters
from storage.timers import arm, cancel, ref

log = structlog.get_logger(__name__)

# The hub a case without one is routed from (a person who did not say where they live).
DEFAULT_HUB = "capital"


class SupporterUnreachable(LookupError):
    """An offer was made to a supporter who has no chat account to receive it."""


async def supporter_profiles(turn: Turn) -> list[SupporterProfile]:
    """What routing knows of every supporter who can be offered a case now."""
    session = turn.session
    loads = await case_loads(session)
    pending = await pending_offer_counts(session)
    on_shift = await on_shift_now(session, turn.now)
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
        for s in await reachable_supporters(session)
    ]


def terms_for(turn: Turn, case: Case) -> OfferTerms:
    """How `case` is offered: to how many at once, and how long each has to answer (`scheduler.routing.offer_terms`
    with this deployment's settings). The one place the offer window is chosen."""
    services = turn.services
    return offer_terms(
        urgent=case.urgent,
        on_consultation_day=case.day_id is not None,
        window=services.offer_timeout,
        window_on_day=services.offer_timeout_on_day,
        urgent_window=services.urgent_offer_timeout,
        fan_out=services.urgent_fan_out,
    )


async def needs_of(turn: Turn, case: Case, hub: str | None = None) -> CaseNeeds:
    """The case as routing sees it, from `hub` if given, leaving out whoever refused it already."""
    return CaseNeeds(
        case_id=case.id,
        language=case.language,
        hub=hub or case.hub or DEFAULT_HUB,
        topic=case.topic,
        urgent=case.urgent,
        declined_by=await refused_by(turn.session, case.id),
    )


async def route_case(
    turn: Turn,
    case: Case,
    hub: str | None = None,
    *,
    unrouted: str = N_("No supporter could take case {number}. Please assign it."),
) -> RoutingDecision:
    """Offer the case to the best candidates (near `hub` if given, else the case's own hub), or queue it and alert
    the coordinators with `unrouted` (a message id that may use {number})."""
    terms = terms_for(turn, case)
    decision = decide(
        await needs_of(turn, case, hub),
        await supporter_profiles(turn),
        turn.services.hub_map,
        turn.now,
        fan_out=terms.parallel,
    )
    log.info("routing decision", case=case.number, decision=decision.kind, explanation=decision.explanation)
    if decision.kind == "exhausted":
        case.status = CaseStatus.QUEUED
        await alert_coordinators(turn, case, unrouted)
        return decision
    case.status = CaseStatus.OFFERED
    for candidate in decision.candidates:
        await offer(turn, case, candidate.supporter_id, OfferRole.SUPPORTER, candidate.reason)
    if decision.interpreter is not None:
        await offer(turn, case, decision.interpreter.supporter_id, OfferRole.INTERPRETER, decision.interpreter.reason)
    return decision


async def candidates(turn: Turn, case: Case, role: OfferRole) -> list[SupporterProfile]:
    """Who may be offered `case` as `role` by hand (the dashboard), best first: routing's own eligibility and
    ranking (`rank_candidates`, `rank_interpreters`), leaving out whoever has the case or an offer of it pending.
    A coordinator may also ask a supporter outside their shifts; routing never does."""
    profiles = await supporter_profiles(turn)
    rank = rank_interpreters if role == OfferRole.INTERPRETER else rank_candidates
    ranked = rank(await needs_of(turn, case), profiles, turn.services.hub_map, turn.now, outside_shifts=True)
    taken = {case.supporter_id, case.interpreter_id} | await pending_supporters_of_case(turn.session, case.id)
    by_id = {p.id: p for p in profiles}
    return [by_id[c.supporter_id] for c in ranked if c.supporter_id not in taken]


async def offer_interpreter(turn: Turn, case: Case) -> bool:
    """Offer the case to the best interpreter who has not refused it (the ranking routing uses); False when
    nobody is left."""
    chosen = best_interpreter(
        await needs_of(turn, case),
        await supporter_profiles(turn),
        turn.services.hub_map,
        turn.now,
        exclude=(i for i in (case.supporter_id, case.interpreter_id) if i is not None),
    )
    if chosen is None:
        return False
    await offer(turn, case, chosen.supporter_id, OfferRole.INTERPRETER, chosen.reason)
    return True


async def offer(turn: Turn, case: Case, supporter_id: int, role: OfferRole, reason: str) -> Offer:
    """Offer the case to one supporter (as its supporter or its interpreter) with Accept / Decline, for the
    window `terms_for` gives; the offer's timeout timer is armed. `reason` is for coordinators.

    Raises `SupporterUnreachable` if the supporter has no chat account.
    """
    contact = await contact_of_supporter(turn.session, supporter_id)
    if contact is None:
        raise SupporterUnreachable(f"supporter {supporter_id} has no chat account to receive an offer")
    answer_within = terms_for(turn, case).window
    if role == OfferRole.SUPPORTER and case.supporter_id is None:
        case.status = CaseStatus.OFFERED
    offered = Offer(
        case_id=case.id,
        supporter_id=supporter_id,
        role=role,
        status=OfferStatus.PENDING,
        reason=reason,
        created_at=turn.now,
        expires_at=turn.now + answer_within,
    )
    turn.session.add(offered)
    await turn.session.flush()
    await arm(turn.session, TimerKind.OFFER_TIMEOUT, ref("offer", offered.id), offered.expires_at)
    tr = translator(contact.locale)
    minutes = int(answer_within.total_seconds() // 60)
    head = (
        tr.gettext("Can you interpret for this consultation?")
        if role == OfferRole.INTERPRETER
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
                        if case.urgent and role == OfferRole.SUPPORTER
                        else []
                    ),
                ]
            ),
            (
                Button(tr.gettext("Accept"), f"offer:accept:{offered.id}"),
                Button(tr.gettext("Decline"), f"offer:decline:{offered.id}"),
            ),
        ),
    )
    return offered


async def withdraw_pending_offers(
    turn: Turn, case: Case, message: str, *, role: OfferRole | None = None, besides: Offer | None = None
) -> None:
    """End the case's open offers (of `role`, except `besides`), cancel their timers, and tell each supporter
    `message` (a message id that may use {number})."""
    pending = await pending_offers_of_case(
        turn.session, case.id, role, besides=besides.id if besides is not None else None
    )
    for pending_offer in pending:
        pending_offer.status, pending_offer.decided_at = OfferStatus.WITHDRAWN, turn.now
        await _cancel_timer(turn, pending_offer)
        await _tell_supporter(turn, pending_offer.supporter_id, message, case)


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
        tr.gettext("Language: {language}", language=tr.language_name(case.language)),
        tr.gettext("Area: {place}", place=place),
        tr.gettext("Topic: {topic}", topic=tr.gettext(TOPICS.get(case.topic, TOPICS["other"]))),
    ]


async def alert_coordinators(turn: Turn, case: Case, reason: str, **values: object) -> None:
    """Tell every coordinator, each in their own language: `reason` is a message id (marked with N_) that may use
    {number} (the case number people use, never our internal id) and `values`; the case's facts follow."""
    for contact in await coordinator_contacts(turn.session):
        tr = translator(contact.locale)
        alert = ("🚨 " if case.urgent else "") + tr.gettext(reason, number=case.number, **values)
        turn.send(contact.id, Outbound("\n".join([alert, *case_facts(tr, turn, case)])))


async def _cancel_timer(turn: Turn, offer: Offer) -> None:
    await cancel(turn.session, TimerKind.OFFER_TIMEOUT, ref("offer", offer.id), turn.now)


async def _tell_supporter(turn: Turn, supporter_id: int, message: str, case: Case) -> None:
    contact = await contact_of_supporter(turn.session, supporter_id)
    if contact is None or contact.platform_user_id is None:
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
    if case is not None:
        await turn.session.refresh(offer)  # the winner may have withdrawn it while we waited
    if case is None or offer.status != OfferStatus.PENDING:
        turn.reply(tr.gettext("This offer has already ended. Thank you."))
        return
    offer.decided_at = turn.now
    await _cancel_timer(turn, offer)
    if not accept:
        offer.status = OfferStatus.DECLINED
        turn.reply(tr.gettext("Thank you. We will ask someone else."))
        await _reroute_if_nobody_left(turn, case, OfferRole(offer.role))
        return
    if not await assign_if_free(turn.session, case.id, OfferRole(offer.role), supporter.id, turn.now):
        offer.status = OfferStatus.WITHDRAWN
        turn.reply(tr.gettext("Thank you. Another supporter has already taken case {number}.", number=case.number))
        return
    await turn.session.refresh(case)
    offer.status = OfferStatus.ACCEPTED
    supporter.last_assigned_at = turn.now
    await withdraw_pending_offers(
        turn,
        case,
        N_("Thank you. Another supporter has already taken case {number}."),
        role=OfferRole(offer.role),
        besides=offer,
    )
    if case.first_response_at is None and offer.role == OfferRole.SUPPORTER:
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
                if offer.role == OfferRole.INTERPRETER
                else mtr.gettext("A supporter is now looking at your consultation. You can talk here.")
            )
            turn.send(migrant.id, Outbound(text))


async def _reroute_if_nobody_left(turn: Turn, case: Case, role: OfferRole) -> None:
    """After a decline or a timeout: when no offer of this role is still open, ask the next one."""
    if await count_pending_offers(turn.session, case.id, role):
        return
    if role == OfferRole.SUPPORTER and case.supporter_id is None:
        await route_case(turn, case)
    elif (
        role == OfferRole.INTERPRETER
        and case.interpreter_id is None
        and case.status != CaseStatus.CLOSED
        and not await offer_interpreter(turn, case)
    ):
        await alert_coordinators(turn, case, N_("No interpreter accepted case {number}. Please find one."))


async def expire_offer(turn: Turn, offer_id: int) -> None:
    """The offer's timer fired: if nobody answered, ask the next candidate."""
    offer = await turn.session.get(Offer, offer_id)
    if offer is None or offer.status != OfferStatus.PENDING:
        return
    offer.status, offer.decided_at = OfferStatus.EXPIRED, turn.now
    case = await turn.session.get(Case, offer.case_id)
    if case is None:  # erased with its offers still open
        return
    await _tell_supporter(
        turn,
        offer.supporter_id,
        N_("The time to answer case {number} has passed. We asked someone else."),
        case,
    )
    await _reroute_if_nobody_left(turn, case, OfferRole(offer.role))
