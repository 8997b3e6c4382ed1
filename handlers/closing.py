"""Closing a case: the outcome a supporter records (policy fields, what was done, emergency aid, resolved or
continued), the analytic record, and the migrant's goodbye with a rating and a way to reopen.

Payloads are "case:<id>:<verb>[:arg]"; `handlers.supporter` checks the supporter owns the case first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from handlers import desk
from handlers.analytics_log import record_closed_case
from handlers.context import Turn
from handlers.desk import Outcome
from handlers.i18n import N_, translator
from handlers.messages import Button, Outbound
from storage.cases import migrant_of
from storage.models import Case
from storage.states import CaseStatus

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

# How a closed case ended: the matter resolved, or support goes on.
RESULTS = ("resolved", "continued")

AID_CATEGORIES: dict[str, str] = {
    "shelter": N_("Shelter and housing"),
    "food": N_("Food and consumables"),
    "medical": N_("Medical"),
    "utilities": N_("Utilities and phone"),
    "return_home": N_("Return home"),
    "school_fees": N_("School fees"),
    "other": N_("Other"),
}


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


# The close flow, one step per button: fields (toggles) -> Done -> what was done -> [aid kind -> amount] -> result.


async def start(turn: Turn, case: Case) -> None:
    await desk.change(turn, outcome=Outcome())
    _ask_fields(turn, case, ())


async def toggle_field(turn: Turn, case: Case, code: str) -> None:
    if code not in POLICY_FIELDS:
        turn.reply(turn.tr.gettext("Sorry, I did not understand."))
        return
    state = await desk.desk_of(turn)
    outcome = (state.outcome or Outcome()).toggled(code)
    await desk.keep(turn, replace(state, outcome=outcome))
    _ask_fields(turn, case, outcome.policy_fields)


async def fields_done(turn: Turn, case: Case) -> None:
    tr = turn.tr
    turn.reply(
        tr.gettext("What was done?"),
        [Button(tr.gettext(label), f"case:{case.id}:action:{code}") for code, label in ACTIONS.items()],
    )


async def choose_action(turn: Turn, case: Case, code: str) -> None:
    if code not in ACTIONS:  # only codes are recorded: free text in a payload is refused, never stored
        turn.reply(turn.tr.gettext("Sorry, I did not understand."))
        return
    state = await desk.desk_of(turn)
    await desk.keep(turn, replace(state, outcome=replace(state.outcome or Outcome(), actions=(code,))))
    if code == "emergency_aid":
        tr = turn.tr
        turn.reply(
            tr.gettext("Which kind of emergency aid?"),
            [Button(tr.gettext(label), f"case:{case.id}:aid:{code}") for code, label in AID_CATEGORIES.items()],
        )
    else:
        _ask_result(turn, case.id)


async def choose_aid_category(turn: Turn, case: Case, category: str) -> None:
    state = await desk.desk_of(turn)
    outcome = replace(state.outcome or Outcome(), aid_category=category if category in AID_CATEGORIES else "other")
    await desk.keep(turn, replace(state, outcome=outcome, aid_case=case.id))
    turn.reply(turn.tr.gettext("How much was given, in yen? For example 15000."))


async def take_aid_amount(turn: Turn, text: str) -> bool:
    """The amount the bot asked for; False when it asked for none (the text is something else)."""
    state = await desk.desk_of(turn)
    if state.aid_case is None:
        return False
    amount = parse_yen(text)
    if amount is None:
        turn.reply(turn.tr.gettext("Please write the amount in yen as a number, for example 15000."))
        return True
    await desk.keep(turn, replace(state, outcome=replace(state.outcome or Outcome(), aid_yen=amount), aid_case=None))
    _ask_result(turn, state.aid_case)
    return True


async def finish(turn: Turn, case: Case, result: str) -> None:
    if result not in RESULTS:
        turn.reply(turn.tr.gettext("Sorry, I did not understand."))
        return
    state = await desk.desk_of(turn)
    outcome = replace(state.outcome or Outcome(), continued=result == "continued")
    await desk.keep(turn, replace(state, outcome=None))
    await close_case(turn, case, outcome.to_json())
    turn.reply(turn.tr.gettext("Case {number} is closed. Thank you.", number=case.number))


def _ask_fields(turn: Turn, case: Case, chosen: tuple[str, ...]) -> None:
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


def _ask_result(turn: Turn, case_id: int) -> None:
    tr = turn.tr
    turn.reply(
        tr.gettext("Is the matter resolved?"),
        [
            Button(tr.gettext("Resolved"), f"case:{case_id}:result:resolved"),
            Button(tr.gettext("Continued support"), f"case:{case_id}:result:continued"),
        ],
    )


async def close_case(turn: Turn, case: Case, outcome: dict[str, object]) -> None:
    """Close the case with `outcome`, write it to the analytic log, and ask the migrant how it went."""
    case.status, case.closed_at, case.outcome = CaseStatus.CLOSED, turn.now, outcome
    case.last_activity_at = turn.now
    await record_closed_case(turn, case)
    migrant = await migrant_of(turn.session, case)
    if migrant is None:
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
