"""What a supporter does from their own chat: answer offers, reply to the right case, close with an outcome."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from handlers import case_life, closing, desk, easy_japanese, offers, relay
from handlers.commands import command_of
from handlers.context import Turn
from handlers.messages import PAYLOAD, TEXT, Button
from storage.cases import working_cases_of
from storage.models import AuditEntry, Case, Offer, Supporter
from storage.states import CaseStatus, OfferRole, OfferStatus
from storage.supporters import supporter_of_contact

CASE_PREFIX = re.compile(r"^#?([A-Z]{2}-\d{4})\s+(.+)$", re.DOTALL)


async def supporter_of(turn: Turn) -> Supporter | None:
    return await supporter_of_contact(turn.session, turn.contact.id)


def audit(turn: Turn, supporter: Supporter | None, case_id: int | None, action: str, allowed: bool = True) -> None:
    turn.session.add(
        AuditEntry(
            at=turn.now,
            supporter_id=supporter.id if supporter else None,
            case_id=case_id,
            action=action,
            allowed=allowed,
        )
    )


async def own_case(turn: Turn, supporter: Supporter, case_id: int, action: str) -> Case | None:
    """The case, if this supporter works on it; otherwise a clear refusal, audited."""
    case = await turn.session.get(Case, case_id)
    allowed = case is not None and supporter.id in (case.supporter_id, case.interpreter_id)
    audit(turn, supporter, case_id, action, allowed)
    if case is None or not allowed:
        turn.reply(turn.tr.gettext("You can only act on your own cases."))
        return None
    if case.status == CaseStatus.CLOSED:  # an old button or note of a case closed since, or erased
        turn.reply(turn.tr.gettext("Case {number} is closed. Thank you.", number=case.number))
        return None
    return case


async def handle(turn: Turn) -> None:
    inbound = turn.message
    supporter = await supporter_of(turn)
    tr = turn.tr
    if supporter is None:
        turn.reply(tr.gettext("Sorry, I did not understand."))
        return
    payload = inbound.payload if inbound.kind == PAYLOAD else None
    if payload and payload.startswith("offer:"):
        _, verb, offer_id = [*payload.split(":", 2), "", ""][:3]
        if offer_id.isdigit():
            await _answer_offer(turn, supporter, int(offer_id), verb)
            return
    if payload and payload.startswith("case:"):
        await _case_action(turn, supporter, payload)
        return
    if command_of(turn) == "cases":
        await case_life.show_case_menu(turn, supporter)
        return
    if inbound.kind == TEXT:
        text = inbound.text or ""
        if not await _awaited_text(turn, supporter, text):
            await _reply(turn, supporter, text)
        return
    await _reply(turn, supporter, None)


async def _answer_offer(turn: Turn, supporter: Supporter, offer_id: int, verb: str) -> None:
    await offers.answer_offer(turn, offer_id, verb == "accept", supporter)
    audit(turn, supporter, None, f"offer_{verb}")
    offer = await turn.session.get(Offer, offer_id)
    if offer is not None and offer.status == OfferStatus.ACCEPTED:
        case = await turn.session.get(Case, offer.case_id)
        if case is not None:
            await case_life.keep_watch(turn, case)


async def _awaited_text(turn: Turn, supporter: Supporter, text: str) -> bool:
    """Text the bot asked this supporter for (a note, an aid amount) is not a reply to the migrant."""
    note_case = (await desk.desk_of(turn)).note_case
    if note_case is not None:
        case = await own_case(turn, supporter, note_case, "note_text")
        if case is not None:
            await case_life.take_note(turn, supporter, case, text)
        else:
            await desk.change(turn, note_case=None)
        return True
    return await closing.take_aid_amount(turn, text)


async def _reply(turn: Turn, supporter: Supporter, text: str | None) -> None:
    """Pass what the supporter wrote (`text`, or the file they sent when None) to the right case."""
    tr = turn.tr
    mine = await working_cases_of(turn.session, supporter.id)
    if not mine:
        turn.reply(tr.gettext("You have no open cases. New consultations will come here."))
        return
    target: Case | None = None
    match = CASE_PREFIX.match(text.strip()) if text is not None else None
    state = await desk.desk_of(turn)
    if match:
        target = next((c for c in mine if c.number == match.group(1)), None)
        if target is None:
            turn.reply(tr.gettext("You have no open case {number}.", number=match.group(1)))
            return
        text = match.group(2)
    elif len(mine) == 1:
        target = mine[0]
    elif state.reply_case is not None:
        target = next((c for c in mine if c.id == state.reply_case), None)
    if target is None:
        await desk.keep(turn, replace(state, pending_text=text or None))
        turn.reply(
            tr.gettext("Which case is this message for?"),
            [Button(c.number, f"case:{c.id}:send") for c in mine[:12]],
        )
        return
    if target.language == easy_japanese.EASY_JAPANESE and text:
        await easy_japanese.show_draft(turn, target, text)
        return
    await _send(turn, supporter, target, text)


def _role_in(case: Case, supporter: Supporter) -> OfferRole:
    if case.interpreter_id == supporter.id and case.supporter_id != supporter.id:
        return OfferRole.INTERPRETER
    return OfferRole.SUPPORTER


async def _send(turn: Turn, supporter: Supporter, target: Case, text: str | None) -> None:
    role = _role_in(target, supporter)
    audit(turn, supporter, target.id, "reply")
    if target.status == CaseStatus.ON_HOLD and role == OfferRole.SUPPORTER:
        target.status = CaseStatus.ACTIVE
    await relay.relay_to_migrant(turn, target, supporter, role, text)
    await case_life.keep_watch(turn, target)
    turn.reply(turn.tr.gettext("Sent to case {number}.", number=target.number))


# The buttons of a case: "case:<id>:<verb>[:<arg>]", each verb one function of (turn, supporter, case, arg).

CaseAction = Callable[[Turn, Supporter, Case, str], Awaitable[None]]


@dataclass(frozen=True)
class CaseVerb:
    act: CaseAction
    shared: bool = False  # an interpreter on the case may use it too; otherwise only its supporter
    takes_arg: bool = False


def _on_case(step: Callable[[Turn, Case], Awaitable[None]]) -> CaseAction:
    async def act(turn: Turn, supporter: Supporter, case: Case, arg: str) -> None:
        await step(turn, case)

    return act


def _on_case_with(step: Callable[[Turn, Case, str], Awaitable[None]]) -> CaseAction:
    async def act(turn: Turn, supporter: Supporter, case: Case, arg: str) -> None:
        await step(turn, case, arg)

    return act


async def _send_pending(turn: Turn, supporter: Supporter, case: Case, arg: str) -> None:
    """The supporter chose the case for the message they wrote: it goes there, and so do the next ones."""
    pending = (await desk.desk_of(turn)).pending_text
    await desk.change(turn, pending_text=None, reply_case=case.id)
    if pending:
        await _reply(turn, supporter, pending)


async def _send_draft(turn: Turn, supporter: Supporter, case: Case, choice: str) -> None:
    text = await easy_japanese.take_draft(turn, case, choice)
    if text is not None:
        await _send(turn, supporter, case, text)


async def _transfer_to(turn: Turn, supporter: Supporter, case: Case, hub: str) -> None:
    await case_life.transfer(turn, case, supporter, hub)


async def _follow_up_in(turn: Turn, supporter: Supporter, case: Case, days: str) -> None:
    if not days.isdigit() or int(days) not in case_life.FOLLOW_UP_DAYS:
        turn.reply(turn.tr.gettext("Sorry, I did not understand."))
        return
    await case_life.schedule_follow_up(turn, case, int(days))


CASE_VERBS: dict[str, CaseVerb] = {
    "send": CaseVerb(_send_pending, shared=True),
    "draft": CaseVerb(_send_draft, shared=True, takes_arg=True),
    "reply": CaseVerb(_on_case(case_life.choose_reply_case), shared=True),
    "note": CaseVerb(_on_case(case_life.start_note), shared=True),
    "interpreter": CaseVerb(_on_case(case_life.ask_interpreter)),
    "hold": CaseVerb(_on_case(case_life.hold)),
    "transfer": CaseVerb(_on_case(case_life.ask_transfer)),
    "transfer_to": CaseVerb(_transfer_to, takes_arg=True),
    "followup": CaseVerb(_on_case(case_life.follow_up_menu)),
    "followup_in": CaseVerb(_follow_up_in, takes_arg=True),
    "close": CaseVerb(_on_case(closing.start)),
    "field": CaseVerb(_on_case_with(closing.toggle_field), takes_arg=True),
    "fields_done": CaseVerb(_on_case(closing.fields_done)),
    "action": CaseVerb(_on_case_with(closing.choose_action), takes_arg=True),
    "aid": CaseVerb(_on_case_with(closing.choose_aid_category), takes_arg=True),
    "result": CaseVerb(_on_case_with(closing.finish), takes_arg=True),
}


async def _case_action(turn: Turn, supporter: Supporter, payload: str) -> None:
    _, case_id, verb_name, arg = [*payload.split(":", 3), "", "", ""][:4]
    verb = CASE_VERBS.get(verb_name)
    if not case_id.isdigit() or verb is None or (verb.takes_arg and not arg):
        turn.reply(turn.tr.gettext("Sorry, I did not understand."))
        return
    case = await own_case(turn, supporter, int(case_id), verb_name)
    if case is None:
        return
    if not verb.shared and case.supporter_id != supporter.id:
        turn.reply(turn.tr.gettext("Only the case's supporter can do this."))
        return
    await verb.act(turn, supporter, case, arg)
