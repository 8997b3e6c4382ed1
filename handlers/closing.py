"""Closing a case: the outcome a supporter records (policy fields, what was done, emergency aid, resolved or
continued), the analytic record, and the migrant's goodbye with a rating and a way to reopen.

Payloads are "case:<id>:<verb>[:arg]"; `handlers.supporter` checks the supporter owns the case first.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from handlers.analytics_log import record_closed_case
from handlers.context import Turn
from handlers.i18n import N_, translator
from handlers.messages import Button, Outbound
from storage.contacts import conversation_of
from storage.models import Case, Contact
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


def ask_fields(turn: Turn, case: Case, chosen: list[str]) -> None:
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


def ask_result(turn: Turn, case_id: int) -> None:
    tr = turn.tr
    turn.reply(
        tr.gettext("Is the matter resolved?"),
        [
            Button(tr.gettext("Resolved"), f"case:{case_id}:result:resolved"),
            Button(tr.gettext("Continued support"), f"case:{case_id}:result:continued"),
        ],
    )


async def close_case(turn: Turn, case: Case, outcome: dict[str, object]) -> None:
    case.status, case.closed_at, case.outcome = CaseStatus.CLOSED, turn.now, outcome
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
