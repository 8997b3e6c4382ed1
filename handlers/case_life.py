"""The life of a case after acceptance: the case menu, interpreters, transfers, notes, hold, follow-ups, reopening.

Payloads are "case:<id>:<verb>[:arg]" and stay within Telegram's 64 bytes. Each function here is called by
`handlers.supporter` after `own_case` has checked and audited access.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import replace

from handlers import desk, offers
from handlers.cases import open_case_of
from handlers.context import Turn
from handlers.flows import Flow, IntakeState, intake_of, keep_intake, start_intake
from handlers.i18n import N_, Translator, translator
from handlers.messages import TEXT, Button, Outbound
from handlers.places import hub_name
from storage.cases import case_load_of, last_closed_case_of, migrant_of, working_cases_of
from storage.contacts import conversation_of
from storage.models import Case, CaseMessage, Supporter, Timer
from storage.offers import count_pending_offers, mark_declined
from storage.states import WORKING_CASE_STATUSES, CaseStatus, OfferRole, TimerKind
from storage.supporters import contact_of_supporter
from storage.timers import arm, ref, ref_id

FOLLOW_UP_DAYS: dict[int, str] = {
    1: N_("In 1 day"),
    3: N_("In 3 days"),
    7: N_("In 1 week"),
    14: N_("In 2 weeks"),
    30: N_("In 1 month"),
}


def menu_buttons(tr: Translator, case: Case) -> list[Button]:
    verbs = (
        ("reply", N_("Reply")),
        ("interpreter", N_("Interpreter")),
        ("transfer", N_("Transfer")),
        ("note", N_("Note")),
        ("hold", N_("Hold")),
        ("followup", N_("Follow-up")),
        ("close", N_("Close")),
    )
    return [Button(tr.gettext(label), f"case:{case.id}:{verb}") for verb, label in verbs]


async def show_case_menu(turn: Turn, supporter: Supporter) -> None:
    """/cases: one message per open case, each with the actions a supporter can take on it."""
    tr = turn.tr
    mine = await working_cases_of(turn.session, supporter.id)
    if not mine:
        turn.reply(tr.gettext("You have no open cases. New consultations will come here."))
        return
    for case in mine:
        status = tr.gettext("on hold") if case.status == CaseStatus.ON_HOLD else tr.gettext("active")
        turn.reply(offers.case_card(tr, turn, case) + "\n" + status, menu_buttons(tr, case))


async def choose_reply_case(turn: Turn, case: Case) -> None:
    await desk.change(turn, reply_case=case.id)
    turn.reply(turn.tr.gettext("Write your reply to case {number}.", number=case.number))


# Interpreters


async def ask_interpreter(turn: Turn, case: Case) -> None:
    tr = turn.tr
    if case.interpreter_id is not None:
        turn.reply(tr.gettext("Case {number} already has an interpreter.", number=case.number))
        return
    if await count_pending_offers(turn.session, case.id, OfferRole.INTERPRETER):
        turn.reply(tr.gettext("We are already asking an interpreter for case {number}.", number=case.number))
        return
    if not await offers.offer_interpreter(turn, case):
        turn.reply(tr.gettext("No interpreter is free now. We have told the coordinators."))
        await offers.alert_coordinators(
            turn, case, N_("Case {number} needs an interpreter and none is free. Please find one.")
        )
        return
    turn.reply(tr.gettext("We are asking an interpreter for case {number}.", number=case.number))


# Transfers


async def ask_transfer(turn: Turn, case: Case) -> None:
    tr = turn.tr
    hubs = turn.services.hub_map.hubs
    buttons = [Button(tr.gettext("Anyone"), f"case:{case.id}:transfer_to:any")]
    buttons += [Button(hub_name(tr, h), f"case:{case.id}:transfer_to:{code}") for code, h in hubs.items()]
    turn.reply(tr.gettext("Transfer case {number} to which hub?", number=case.number), buttons[:13])


async def transfer(turn: Turn, case: Case, supporter: Supporter, hub: str) -> None:
    """Pass the case on: the supporter loses it, the migrant is told, and someone else is offered it."""
    tr = turn.tr
    if hub != "any" and hub not in turn.services.hub_map.hubs:
        turn.reply(tr.gettext("Sorry, I did not understand."))
        return
    # A transfer counts as declining: later re-routing (after a decline or timeout) never offers it back.
    await mark_declined(turn.session, case.id, supporter.id, turn.now)
    case.supporter_id, case.last_activity_at = None, turn.now
    if (await desk.desk_of(turn)).reply_case == case.id:
        await desk.change(turn, reply_case=None)
    await _tell_migrant(turn, case, N_("Your consultation {number} is being passed to another supporter."))
    await offers.route_case(
        turn,
        case,
        hub=None if hub == "any" else hub,
        unrouted=N_("Case {number} could not be transferred: nobody is free. Please assign it."),
    )
    turn.reply(tr.gettext("Case {number} has been passed on. Thank you.", number=case.number))


async def _tell_migrant(turn: Turn, case: Case, message: str, buttons: tuple[Button, ...] = ()) -> None:
    migrant = await migrant_of(turn.session, case)
    if migrant is None:
        return
    mtr = translator(migrant.locale)
    turn.send(migrant.id, Outbound(mtr.gettext(message, number=case.number), buttons))


# Notes and hold


async def start_note(turn: Turn, case: Case) -> None:
    await desk.change(turn, note_case=case.id)
    turn.reply(turn.tr.gettext("Write the note for case {number}. Only supporters will see it.", number=case.number))


async def take_note(turn: Turn, supporter: Supporter, case: Case, text: str) -> None:
    await desk.change(turn, note_case=None)
    turn.session.add(
        CaseMessage(case_id=case.id, author="note", supporter_id=supporter.id, text=text, created_at=turn.now)
    )
    turn.reply(turn.tr.gettext("Note saved to case {number}.", number=case.number))


async def hold(turn: Turn, case: Case) -> None:
    case.status, case.last_activity_at = CaseStatus.ON_HOLD, turn.now
    await _tell_migrant(turn, case, N_("Your consultation {number} is on hold. Your supporter will contact you again."))
    turn.reply(turn.tr.gettext("Case {number} is on hold.", number=case.number))


# Follow-ups (伴走支援) and stale cases


async def follow_up_menu(turn: Turn, case: Case) -> None:
    tr = turn.tr
    turn.reply(
        tr.gettext("When should I remind you about case {number}?", number=case.number),
        [Button(tr.gettext(label), f"case:{case.id}:followup_in:{days}") for days, label in FOLLOW_UP_DAYS.items()],
    )


async def schedule_follow_up(turn: Turn, case: Case, days: int) -> None:
    due = turn.now + dt.timedelta(days=days)
    await arm(turn.session, TimerKind.CASE_FOLLOW_UP, ref("case", case.id), due, {"days": days})
    tr = turn.tr
    turn.reply(tr.gettext("I will remind you about case {number} on {date}.", number=case.number, date=tr.date(due)))


async def keep_watch(turn: Turn, case: Case) -> None:
    """Make sure the stale check for an open case is armed; it re-arms itself while the case moves."""
    due = case.last_activity_at + turn.services.follow_up_stale_after
    await arm(turn.session, TimerKind.STALE_CHECK, ref("case", case.id), due, {})


async def follow_up_due(turn: Turn, timer: Timer) -> None:
    case = await turn.session.get(Case, ref_id(timer))
    if case is None or case.status not in WORKING_CASE_STATUSES:
        return
    contact = await contact_of_supporter(turn.session, case.supporter_id)
    if contact is None:
        return
    tr = translator(contact.locale)
    turn.send(
        contact.id,
        Outbound(
            tr.gettext("Follow-up reminder for case {number}.", number=case.number)
            + "\n"
            + offers.case_card(tr, turn, case),
            tuple(menu_buttons(tr, case)),
        ),
    )


async def stale_check_due(turn: Turn, timer: Timer) -> None:
    case = await turn.session.get(Case, ref_id(timer))
    if case is None or case.status not in WORKING_CASE_STATUSES:
        return
    stale_after = turn.services.follow_up_stale_after
    if turn.now - case.last_activity_at < stale_after:
        timer.due_at, timer.fired_at = case.last_activity_at + stale_after, None
        return
    days = (turn.now - case.last_activity_at).days
    await offers.alert_coordinators(turn, case, N_("Case {number} has had no activity for {days} days."), days=days)
    timer.due_at, timer.fired_at = turn.now + stale_after, None


TIMER_EFFECTS: dict[TimerKind, Callable[[Turn, Timer], Awaitable[None]]] = {
    TimerKind.CASE_FOLLOW_UP: follow_up_due,
    TimerKind.STALE_CHECK: stale_check_due,
}


# Reopening a closed case


async def reopen(turn: Turn, case_id: int) -> None:
    """The migrant asked to reopen: back to their supporter if they have room, else routed anew."""
    tr = turn.tr
    case = await turn.session.get(Case, case_id)
    window = turn.services.reopen_window
    if (
        case is None
        or case.contact_id != turn.contact.id
        or case.status != CaseStatus.CLOSED
        or case.closed_at is None
        or turn.now - case.closed_at > window
    ):
        turn.reply(tr.gettext("This consultation can no longer be reopened. Write to us to start a new one."))
        return
    case.closed_at, case.last_activity_at = None, turn.now
    supporter = await turn.session.get(Supporter, case.supporter_id) if case.supporter_id is not None else None
    if supporter is not None and await _has_room(turn, supporter):
        case.status = CaseStatus.ACTIVE
        contact = await contact_of_supporter(turn.session, supporter.id)
        if contact is not None:
            str_ = translator(contact.locale)
            turn.send(
                contact.id,
                Outbound(
                    str_.gettext("Case {number} was reopened by the person.", number=case.number),
                    tuple(menu_buttons(str_, case)),
                ),
            )
        await keep_watch(turn, case)
        turn.reply(
            tr.gettext("Consultation {number} is open again. Your supporter will answer here.", number=case.number)
        )
        return
    case.supporter_id, case.interpreter_id = None, None
    await offers.route_case(turn, case)
    turn.reply(tr.gettext("Consultation {number} is open again. A supporter will answer here.", number=case.number))


async def _has_room(turn: Turn, supporter: Supporter) -> bool:
    if supporter.paused or supporter.contact_id is None:
        return False
    return await case_load_of(turn.session, supporter.id) < supporter.capacity


async def offer_reopen(turn: Turn) -> bool:
    """A migrant writes again soon after their case closed: ask before starting a new consultation.

    True when the question was asked. Their message is kept and goes on with whichever they choose.
    """
    inbound = turn.inbound
    if inbound is None or inbound.kind != TEXT or not inbound.text or turn.contact.role != "migrant":
        return False
    conversation = await conversation_of(turn.session, turn.contact)
    if conversation.flow != Flow.CASE:
        return False
    case = await last_closed_case_of(turn.session, turn.contact.id)
    if case is None or case.closed_at is None or turn.now - case.closed_at > turn.services.reopen_window:
        return False
    if await open_case_of(turn) is not None:
        return False
    start_intake(conversation, IntakeState(reopen_text=inbound.text))
    tr = turn.tr
    turn.reply(
        tr.gettext("Reopen consultation {number}?", number=case.number),
        [Button(tr.gettext("Reopen"), f"reopen:{case.id}"), Button(tr.gettext("New consultation"), "reopen:new")],
    )
    return True


async def kept_text(turn: Turn) -> str | None:
    """The message written before the reopen question, taken out of the conversation."""
    conversation = await conversation_of(turn.session, turn.contact)
    state = intake_of(conversation)
    if state.reopen_text is not None:
        keep_intake(conversation, replace(state, reopen_text=None))
    return state.reopen_text
