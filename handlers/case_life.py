"""The life of a case after acceptance: the case menu, interpreters, transfers, notes, hold, follow-ups, reopening.

Payloads are "case:<id>:<verb>[:arg]" and stay within Telegram's 64 bytes. Each function here is called by
`handlers.supporter` after `own_case` has checked and audited access.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select, update

from handlers import offers, relay
from handlers.cases import open_case_of
from handlers.context import Turn
from handlers.i18n import N_, Translator, translator
from handlers.messages import TEXT, Button, Outbound
from handlers.places import hub_name
from scheduler.routing import CaseNeeds, SupporterProfile, decide, is_interpreter_for, tier_of
from storage.contacts import conversation_of
from storage.models import Case, CaseMessage, Contact, Offer, Supporter, Timer
from storage.supporters import contact_of_supporter

FOLLOW_UP_DAYS: dict[int, str] = {
    1: N_("In 1 day"),
    3: N_("In 3 days"),
    7: N_("In 1 week"),
    14: N_("In 2 weeks"),
    30: N_("In 1 month"),
}

AID_CATEGORIES: dict[str, str] = {
    "shelter": N_("Shelter and housing"),
    "food": N_("Food and consumables"),
    "medical": N_("Medical"),
    "utilities": N_("Utilities and phone"),
    "return_home": N_("Return home"),
    "school_fees": N_("School fees"),
    "other": N_("Other"),
}

WORKING_STATUSES = ("active", "on_hold")


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
    mine = await relay.cases_of_supporter(turn, supporter)
    if not mine:
        turn.reply(tr.gettext("You have no open cases. New consultations will come here."))
        return
    for case in mine:
        status = tr.gettext("on hold") if case.status == "on_hold" else tr.gettext("active")
        turn.reply(offers.case_card(tr, turn, case) + "\n" + status, menu_buttons(tr, case))


async def choose_reply_case(turn: Turn, case: Case) -> None:
    conversation = await conversation_of(turn.session, turn.contact)
    conversation.data = {**conversation.data, "reply_case": case.id}
    turn.reply(turn.tr.gettext("Write your reply to case {number}.", number=case.number))


# Interpreters


def _needs(case: Case, declined: frozenset[int] = frozenset(), hub: str | None = None) -> CaseNeeds:
    return CaseNeeds(
        case_id=case.id,
        language=case.language,
        hub=hub or case.hub or "capital",
        topic=case.topic,
        urgent=case.urgent,
        declined_by=declined,
    )


def best_interpreter(turn: Turn, case: Case, profiles: list[SupporterProfile]) -> SupporterProfile | None:
    """The interpreter closest to the case's hub, then the least loaded, then the longest idle."""
    needs = _needs(case)
    hub_map = turn.services.hub_map
    rank = {"same_hub": 0, "neighbour": 1, "national": 2}
    options = [
        p for p in profiles if is_interpreter_for(needs, p) and p.id not in (case.supporter_id, case.interpreter_id)
    ]
    if not options:
        return None
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    return min(
        options,
        key=lambda p: (
            rank.get(tier_of(needs.hub, p, hub_map) or "national", 3),
            p.open_cases / p.capacity,
            p.last_assigned_at or epoch,
            p.id,
        ),
    )


async def ask_interpreter(turn: Turn, case: Case) -> None:
    tr = turn.tr
    if case.interpreter_id is not None:
        turn.reply(tr.gettext("Case {number} already has an interpreter.", number=case.number))
        return
    pending = await turn.session.scalar(
        select(func.count())
        .select_from(Offer)
        .where(Offer.case_id == case.id, Offer.role == "interpreter", Offer.status == "pending")
    )
    if pending:
        turn.reply(tr.gettext("We are already asking an interpreter for case {number}.", number=case.number))
        return
    if not await offer_next_interpreter(turn, case):
        turn.reply(tr.gettext("No interpreter is free now. We have told the coordinators."))
        await offers.alert_coordinators(
            turn, case, N_("Case {number} needs an interpreter and none is free. Please find one.")
        )
        return
    turn.reply(tr.gettext("We are asking an interpreter for case {number}.", number=case.number))


async def offer_next_interpreter(turn: Turn, case: Case) -> bool:
    """Offer the case to the best interpreter who has not declined it; False when nobody is left."""
    declined = await offers.declined_by(turn, case.id)
    profiles = [p for p in await offers.supporter_profiles(turn) if p.id not in declined]
    chosen = best_interpreter(turn, case, profiles)
    if chosen is None:
        return False
    await offers._make_offer(turn, case, chosen.id, "interpreter", "interpreter for the case", _window(turn, case))
    return True


def _window(turn: Turn, case: Case) -> dt.timedelta:
    services = turn.services
    return services.offer_timeout_on_day if case.day_id is not None else services.offer_timeout


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
    await turn.session.execute(
        update(Offer)
        .where(Offer.case_id == case.id, Offer.supporter_id == supporter.id, Offer.role == "supporter")
        .values(status="declined", decided_at=turn.now)
    )
    turn.session.add(
        Offer(
            case_id=case.id,
            supporter_id=supporter.id,
            role="supporter",
            status="declined",
            reason="transferred",
            created_at=turn.now,
            expires_at=turn.now,
            decided_at=turn.now,
        )
    )
    await turn.session.flush()
    case.supporter_id, case.status, case.last_activity_at = None, "offered", turn.now
    conversation = await conversation_of(turn.session, turn.contact)
    if conversation.data.get("reply_case") == case.id:
        conversation.data = {**conversation.data, "reply_case": None}
    await _tell_migrant(turn, case, N_("Your consultation {number} is being passed to another supporter."))
    declined = await offers.declined_by(turn, case.id)
    decision = decide(
        _needs(case, declined, None if hub == "any" else hub),
        await offers.supporter_profiles(turn),
        turn.services.hub_map,
        turn.now,
        fan_out=turn.services.urgent_fan_out if case.urgent else 1,
    )
    if decision.kind == "exhausted" or not decision.candidates:
        case.status = "queued"
        await offers.alert_coordinators(
            turn, case, N_("Case {number} could not be transferred: nobody is free. Please assign it.")
        )
    else:
        for candidate in decision.candidates:
            await offers._make_offer(
                turn, case, candidate.supporter_id, "supporter", candidate.reason, _window(turn, case)
            )
    turn.reply(tr.gettext("Case {number} has been passed on. Thank you.", number=case.number))


async def _tell_migrant(turn: Turn, case: Case, message: str, buttons: tuple[Button, ...] = ()) -> None:
    if case.contact_id is None:
        return
    migrant = await turn.session.get(Contact, case.contact_id)
    if migrant is None or migrant.platform_user_id is None:
        return
    mtr = translator(migrant.locale)
    turn.send(migrant.id, Outbound(mtr.gettext(message, number=case.number), buttons))


# Notes and hold


async def start_note(turn: Turn, case: Case) -> None:
    conversation = await conversation_of(turn.session, turn.contact)
    conversation.data = {**conversation.data, "note_case": case.id}
    turn.reply(turn.tr.gettext("Write the note for case {number}. Only supporters will see it.", number=case.number))


async def take_note(turn: Turn, supporter: Supporter, case_id: int, text: str) -> None:
    conversation = await conversation_of(turn.session, turn.contact)
    conversation.data = {**conversation.data, "note_case": None}
    case = await turn.session.get(Case, case_id)
    if case is None:
        return
    turn.session.add(
        CaseMessage(case_id=case.id, author="note", supporter_id=supporter.id, text=text, created_at=turn.now)
    )
    turn.reply(turn.tr.gettext("Note saved to case {number}.", number=case.number))


async def hold(turn: Turn, case: Case) -> None:
    case.status, case.last_activity_at = "on_hold", turn.now
    await _tell_migrant(turn, case, N_("Your consultation {number} is on hold. Your supporter will contact you again."))
    turn.reply(turn.tr.gettext("Case {number} is on hold.", number=case.number))


# Follow-ups (伴走支援) and stale cases


async def follow_up_menu(turn: Turn, case: Case) -> None:
    tr = turn.tr
    turn.reply(
        tr.gettext("When should I remind you about case {number}?", number=case.number),
        [Button(tr.gettext(label), f"case:{case.id}:followup_in:{days}") for days, label in FOLLOW_UP_DAYS.items()],
    )


async def arm_timer(turn: Turn, kind: str, ref: str, due_at: dt.datetime, payload: dict[str, object]) -> None:
    """One timer per (kind, ref): set it anew, whether it existed, fired or not."""
    timer = await turn.session.scalar(select(Timer).where(Timer.kind == kind, Timer.ref == ref))
    if timer is None:
        turn.session.add(Timer(kind=kind, ref=ref, due_at=due_at, payload=payload))
    else:
        timer.due_at, timer.fired_at, timer.payload = due_at, None, payload


async def schedule_follow_up(turn: Turn, case: Case, days: int) -> None:
    due = turn.now + dt.timedelta(days=days)
    await arm_timer(turn, "follow_up", f"case:{case.id}", due, {"days": days})
    tr = turn.tr
    turn.reply(tr.gettext("I will remind you about case {number} on {date}.", number=case.number, date=tr.date(due)))


async def keep_watch(turn: Turn, case: Case) -> None:
    """Make sure the stale check for an open case is armed; it re-arms itself while the case moves."""
    await arm_timer(
        turn, "stale_check", f"case:{case.id}", case.last_activity_at + turn.services.follow_up_stale_after, {}
    )


async def follow_up_due(turn: Turn, timer: Timer) -> None:
    case = await turn.session.get(Case, int(timer.ref.rsplit(":", 1)[1]))
    if case is None or case.status not in WORKING_STATUSES:
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
    case = await turn.session.get(Case, int(timer.ref.rsplit(":", 1)[1]))
    if case is None or case.status not in WORKING_STATUSES:
        return
    stale_after = turn.services.follow_up_stale_after
    if turn.now - case.last_activity_at < stale_after:
        timer.due_at, timer.fired_at = case.last_activity_at + stale_after, None
        return
    days = (turn.now - case.last_activity_at).days
    await offers.alert_coordinators(turn, case, N_("Case {number} has had no activity for {days} days."), days=days)
    timer.due_at, timer.fired_at = turn.now + stale_after, None


TIMER_EFFECTS = {"follow_up": follow_up_due, "stale_check": stale_check_due}


# Emergency aid in the close flow

_YEN_NOISE = re.compile(r"[\s,円¥]|yen", re.IGNORECASE)


def parse_yen(text: str) -> int | None:
    """An amount in yen as people type it: "15000", "15,000", "１５０００円", "1.5万". None if it is not one."""
    cleaned = _YEN_NOISE.sub("", unicodedata.normalize("NFKC", text))
    factor = 1
    if cleaned.endswith("万"):
        cleaned, factor = cleaned[:-1], 10_000
    elif cleaned.endswith("千"):
        cleaned, factor = cleaned[:-1], 1_000
    try:
        amount = Decimal(cleaned) * factor
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount != amount.to_integral_value() or amount > 100_000_000:
        return None
    return int(amount)


def ask_aid_category(turn: Turn, case: Case) -> None:
    tr = turn.tr
    turn.reply(
        tr.gettext("Which kind of emergency aid?"),
        [Button(tr.gettext(label), f"case:{case.id}:aid:{code}") for code, label in AID_CATEGORIES.items()],
    )


async def choose_aid_category(turn: Turn, case: Case, category: str) -> None:
    conversation = await conversation_of(turn.session, turn.contact)
    outcome = dict(conversation.data.get("outcome") or {})
    outcome["aid_category"] = category if category in AID_CATEGORIES else "other"
    conversation.data = {**conversation.data, "outcome": outcome, "aid_case": case.id}
    turn.reply(turn.tr.gettext("How much was given, in yen? For example 15000."))


# Reopening a closed case


async def reopen(turn: Turn, case_id: int) -> None:
    """The migrant asked to reopen: back to their supporter if they have room, else routed anew."""
    tr = turn.tr
    case = await turn.session.get(Case, case_id)
    window = turn.services.reopen_window
    if (
        case is None
        or case.contact_id != turn.contact.id
        or case.status != "closed"
        or case.closed_at is None
        or turn.now - case.closed_at > window
    ):
        turn.reply(tr.gettext("This consultation can no longer be reopened. Write to us to start a new one."))
        return
    case.closed_at, case.last_activity_at = None, turn.now
    supporter = await turn.session.get(Supporter, case.supporter_id) if case.supporter_id is not None else None
    if supporter is not None and await _has_room(turn, supporter):
        case.status = "active"
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
    load = await turn.session.scalar(
        select(func.count())
        .select_from(Case)
        .where(Case.supporter_id == supporter.id, Case.status.in_(offers.ACTIVE_CASE_STATUSES))
    )
    return int(load or 0) < supporter.capacity


async def offer_reopen(turn: Turn) -> bool:
    """A migrant writes again soon after their case closed: ask before starting a new consultation.

    True when the question was asked. Their message is kept and goes on with whichever they choose.
    """
    inbound = turn.inbound
    if inbound is None or inbound.kind != TEXT or not inbound.text or turn.contact.role != "migrant":
        return False
    conversation = await conversation_of(turn.session, turn.contact)
    if conversation.flow != "case":
        return False
    case = await turn.session.scalar(
        select(Case)
        .where(Case.contact_id == turn.contact.id, Case.status == "closed", Case.closed_at.is_not(None))
        .order_by(Case.closed_at.desc())
        .limit(1)
    )
    if case is None or case.closed_at is None or turn.now - case.closed_at > turn.services.reopen_window:
        return False
    if await open_case_of(turn) is not None:
        return False
    conversation.flow, conversation.step, conversation.data = "intake", "start", {"reopen_text": inbound.text}
    tr = turn.tr
    turn.reply(
        tr.gettext("Reopen consultation {number}?", number=case.number),
        [Button(tr.gettext("Reopen"), f"reopen:{case.id}"), Button(tr.gettext("New consultation"), "reopen:new")],
    )
    return True


async def kept_text(turn: Turn) -> str | None:
    """The message written before the reopen question, taken out of the conversation."""
    conversation = await conversation_of(turn.session, turn.contact)
    text = conversation.data.get("reopen_text")
    if text is not None:
        conversation.data = {k: v for k, v in conversation.data.items() if k != "reopen_text"}
    return str(text) if text is not None else None
