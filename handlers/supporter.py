"""What a supporter does from their own chat: answer offers, reply to the right case, close with an outcome."""

from __future__ import annotations

import re

from sqlalchemy import select

from handlers import case_life, easy_japanese, offers, relay
from handlers.analytics_log import record_closed_case
from handlers.commands import command_of
from handlers.context import Turn
from handlers.i18n import N_, translator
from handlers.messages import PAYLOAD, TEXT, Button, Outbound
from storage.contacts import conversation_of
from storage.models import AuditEntry, Case, Contact, Offer, Supporter

CASE_PREFIX = re.compile(r"^#?([A-Z]{2}-\d{4})\s+(.+)$", re.DOTALL)

POLICY_FIELDS: dict[str, str] = {
    "trainees": N_("Trainees and SSW"),
    "labour": N_("Labour"),
    "immigration": N_("Residence policy"),
    "refugees": N_("Refugees, detention"),
    "welfare": N_("Health and welfare"),
    "children": N_("Children and youth"),
    "women": N_("Migrant women"),
}

ACTIONS: dict[str, str] = {
    "advice": N_("Advice"),
    "referral": N_("Referral to office"),
    "accompanied": N_("Accompanied visit"),
    "legal": N_("Legal aid"),
    "emergency_aid": N_("Emergency aid"),
}


async def supporter_of(turn: Turn) -> Supporter | None:
    return await turn.session.scalar(select(Supporter).where(Supporter.contact_id == turn.contact.id))


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
    if not allowed:
        turn.reply(turn.tr.gettext("You can only act on your own cases."))
        return None
    assert case is not None
    if case.status == "closed":  # an old button, or the person erased their data: nothing acts on it
        turn.reply(
            turn.tr.gettext(
                "Case {number} is closed, so there is nothing more to do on it. Thank you.", number=case.number
            )
        )
        return None
    return case


async def handle(turn: Turn) -> None:
    inbound = turn.inbound
    assert inbound is not None
    supporter = await supporter_of(turn)
    tr = turn.tr
    if supporter is None:
        turn.reply(tr.gettext("Sorry, I did not understand."))
        return
    payload = inbound.payload if inbound.kind == PAYLOAD else None
    if payload and payload.startswith("offer:"):
        _, verb, offer_id = payload.split(":", 2)
        if offer_id.isdigit():
            await offers.answer_offer(turn, int(offer_id), verb == "accept", supporter)
            audit(turn, supporter, None, f"offer_{verb}")
            offer = await turn.session.get(Offer, int(offer_id))
            if offer is not None and offer.status == "accepted":
                case = await turn.session.get(Case, offer.case_id)
                if case is not None:
                    await case_life.keep_watch(turn, case)
            return
    if payload and payload.startswith("case:"):
        await _case_action(turn, supporter, payload)
        return
    if command_of(turn) == "cases":
        await case_life.show_case_menu(turn, supporter)
        return
    if inbound.kind == TEXT and await _awaited_text(turn, supporter, inbound.text or ""):
        return
    await _reply(turn, supporter)


async def _awaited_text(turn: Turn, supporter: Supporter, text: str) -> bool:
    """Text the bot asked this supporter for (a note, an aid amount) is not a reply to the migrant."""
    conversation = await conversation_of(turn.session, turn.contact)
    data = conversation.data
    if (note_case := data.get("note_case")) is not None:
        if await own_case(turn, supporter, int(note_case), "note_text") is not None:
            await case_life.take_note(turn, supporter, int(note_case), text)
        else:
            conversation.data = {**data, "note_case": None}
        return True
    if (aid_case := data.get("aid_case")) is not None:
        amount = case_life.parse_yen(text)
        if amount is None:
            turn.reply(turn.tr.gettext("Please write the amount in yen as a number, for example 15000."))
            return True
        outcome = dict(data.get("outcome") or {})
        outcome["aid_yen"] = amount
        conversation.data = {**data, "outcome": outcome, "aid_case": None}
        _ask_result(turn, int(aid_case))
        return True
    return False


def _ask_result(turn: Turn, case_id: int) -> None:
    tr = turn.tr
    turn.reply(
        tr.gettext("Is the matter resolved?"),
        [
            Button(tr.gettext("Resolved"), f"case:{case_id}:result:resolved"),
            Button(tr.gettext("Continued support"), f"case:{case_id}:result:continued"),
        ],
    )


async def _reply(turn: Turn, supporter: Supporter) -> None:
    inbound = turn.inbound
    assert inbound is not None
    tr = turn.tr
    conversation = await conversation_of(turn.session, turn.contact)
    mine = await relay.cases_of_supporter(turn, supporter)
    if not mine:
        turn.reply(tr.gettext("You have no open cases. New consultations will come here."))
        return
    target: Case | None = None
    text = inbound.text or ""
    match = CASE_PREFIX.match(text.strip()) if inbound.kind == TEXT else None
    if match:
        target = next((c for c in mine if c.number == match.group(1)), None)
        if target is None:
            turn.reply(tr.gettext("You have no open case {number}.", number=match.group(1)))
            return
        inbound = turn.inbound = type(inbound)(**{**inbound.__dict__, "text": match.group(2)})
    elif len(mine) == 1:
        target = mine[0]
    elif (chosen := conversation.data.get("reply_case")) and any(c.id == chosen for c in mine):
        target = next(c for c in mine if c.id == chosen)
    if target is None:
        conversation.data = {**conversation.data, "pending_text": text}
        turn.reply(
            tr.gettext("Which case is this message for?"),
            [Button(c.number, f"case:{c.id}:send") for c in mine[:12]],
        )
        return
    role = (
        "interpreter" if target.interpreter_id == supporter.id and target.supporter_id != supporter.id else "supporter"
    )
    if target.language == easy_japanese.EASY_JAPANESE and inbound.kind == TEXT and inbound.text:
        await easy_japanese.show_draft(turn, target, inbound.text)
        return
    await _send(turn, supporter, target, role)


async def _send(turn: Turn, supporter: Supporter, target: Case, role: str) -> None:
    audit(turn, supporter, target.id, "reply")
    if target.status == "on_hold" and role == "supporter":
        target.status = "active"
    await relay.relay_to_migrant(turn, target, supporter, role)
    await case_life.keep_watch(turn, target)
    turn.reply(turn.tr.gettext("Sent to case {number}.", number=target.number))


# Verbs an interpreter may use too; the others belong to the case's supporter.
_SHARED_VERBS = frozenset({"send", "reply", "note", "draft"})


async def _case_action(turn: Turn, supporter: Supporter, payload: str) -> None:
    parts = payload.split(":")
    if len(parts) < 3 or not parts[1].isdigit():
        turn.reply(turn.tr.gettext("Sorry, I did not understand."))
        return
    case_id, verb, args = int(parts[1]), parts[2], parts[3:]
    case = await own_case(turn, supporter, case_id, verb)
    if case is None:
        return
    tr = turn.tr
    if verb not in _SHARED_VERBS and case.supporter_id != supporter.id:
        turn.reply(tr.gettext("Only the case's supporter can do this."))
        return
    conversation = await conversation_of(turn.session, turn.contact)
    if verb == "send":
        text = conversation.data.get("pending_text")
        conversation.data = {**conversation.data, "pending_text": None, "reply_case": case.id}
        if text:
            inbound = turn.inbound
            assert inbound is not None
            turn.inbound = type(inbound)(**{**inbound.__dict__, "kind": TEXT, "text": text, "payload": None})
            await _reply(turn, supporter)
        return
    if verb == "draft" and args:
        text = await easy_japanese.take_draft(turn, case, args[0])
        if text is not None:
            inbound = turn.inbound
            assert inbound is not None
            turn.inbound = type(inbound)(**{**inbound.__dict__, "kind": TEXT, "text": text, "payload": None})
            role = "supporter" if case.supporter_id == supporter.id else "interpreter"
            await _send(turn, supporter, case, role)
        return
    if verb in _SIMPLE_VERBS:
        await _SIMPLE_VERBS[verb](turn, case)
        return
    if verb == "transfer_to" and args:
        await case_life.transfer(turn, case, supporter, args[0])
        return
    if verb == "followup_in" and args and args[0].isdigit() and int(args[0]) in case_life.FOLLOW_UP_DAYS:
        await case_life.schedule_follow_up(turn, case, int(args[0]))
        return
    if verb == "close":
        conversation.data = {**conversation.data, "outcome": {"policy_fields": []}}
        _ask_fields(turn, case, [])
        return
    if verb == "field" and args and args[0] in POLICY_FIELDS:
        outcome = dict(conversation.data.get("outcome") or {})
        fields = list(outcome.get("policy_fields") or [])
        fields = [f for f in fields if f != args[0]] if args[0] in fields else [*fields, args[0]]
        outcome["policy_fields"] = fields
        conversation.data = {**conversation.data, "outcome": outcome}
        _ask_fields(turn, case, fields)
        return
    if verb == "fields_done":
        turn.reply(
            tr.gettext("What was done?"),
            [Button(tr.gettext(label), f"case:{case.id}:action:{code}") for code, label in ACTIONS.items()],
        )
        return
    if verb == "action" and args and args[0] in ACTIONS:  # codes only: free text is never stored
        outcome = dict(conversation.data.get("outcome") or {})
        outcome["actions"] = [args[0]]
        conversation.data = {**conversation.data, "outcome": outcome}
        if args[0] == "emergency_aid":
            case_life.ask_aid_category(turn, case)
        else:
            _ask_result(turn, case.id)
        return
    if verb == "aid" and args:
        await case_life.choose_aid_category(turn, case, args[0])
        return
    if verb == "result" and args and args[0] in ("resolved", "continued"):
        outcome = dict(conversation.data.get("outcome") or {})
        outcome["continued"] = args[0] == "continued"
        conversation.data = {**conversation.data, "outcome": None}
        await close_case(turn, case, outcome)
        turn.reply(tr.gettext("Case {number} is closed. Thank you.", number=case.number))
        return
    turn.reply(tr.gettext("Sorry, I did not understand."))


def _ask_fields(turn: Turn, case: Case, chosen: list[str]) -> None:
    """Policy fields are toggles: a case may touch several; Done moves on."""
    tr = turn.tr
    buttons = [
        Button(("✓ " if code in chosen else "") + tr.gettext(label), f"case:{case.id}:field:{code}")
        for code, label in POLICY_FIELDS.items()
    ]
    buttons.append(Button(tr.gettext("Done"), f"case:{case.id}:fields_done"))
    turn.reply(
        tr.gettext("Case {number}: which policy fields fit? Tap all that apply, then Done.", number=case.number),
        buttons,
    )


_SIMPLE_VERBS = {
    "reply": case_life.choose_reply_case,
    "interpreter": case_life.ask_interpreter,
    "note": case_life.start_note,
    "hold": case_life.hold,
    "transfer": case_life.ask_transfer,
    "followup": case_life.follow_up_menu,
}


async def close_case(turn: Turn, case: Case, outcome: dict[str, object]) -> None:
    case.status, case.closed_at, case.outcome = "closed", turn.now, outcome
    case.last_activity_at = turn.now
    await record_closed_case(turn, case)
    if case.contact_id is None:
        return
    migrant = await turn.session.get(Contact, case.contact_id)
    if migrant is None or migrant.platform_user_id is None:
        return
    mtr = translator(migrant.locale)
    turn.send(
        migrant.id,
        Outbound(
            mtr.gettext("Your consultation {number} is now closed.", number=case.number)
            + "\n"
            + mtr.gettext("Was this consultation helpful?"),
            (
                Button(mtr.gettext("Helpful"), f"rate:{case.id}:3"),
                Button(mtr.gettext("A little"), f"rate:{case.id}:2"),
                Button(mtr.gettext("Not helpful"), f"rate:{case.id}:1"),
                Button(mtr.gettext("Reopen"), f"reopen:{case.id}"),
            ),
        ),
    )
