"""Opening a case from a finished intake, and what the person is told happens next."""

from __future__ import annotations

import secrets

from handlers import offers
from handlers.context import Turn
from handlers.flows import intake_of, start_case
from handlers.i18n import N_
from storage import cases, days
from storage.media import attach_to_case
from storage.models import Case, CaseMessage, ConsultationDay, Conversation
from storage.states import CaseStatus

# No 0/O, 1/I/L: the number is read aloud over the phone.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ"
_DIGITS = "23456789"


def new_case_number() -> str:
    letters = "".join(secrets.choice(_ALPHABET) for _ in range(2))
    digits = "".join(secrets.choice(_DIGITS) for _ in range(4))
    return f"{letters}-{digits}"


async def open_case_of(turn: Turn) -> Case | None:
    """The open consultation of the person who wrote, if any."""
    return await cases.open_case_of(turn.session, turn.contact.id)


async def current_day(turn: Turn) -> ConsultationDay | None:
    return await days.day_running_at(turn.session, turn.now)


async def next_day(turn: Turn, language: str | None = None) -> ConsultationDay | None:
    for day in await days.planned_days_after(turn.session, turn.now):
        if language is None or not day.languages or language in day.languages:
            return day
    return None


async def open_case(turn: Turn, conversation: Conversation) -> Case:
    answers = intake_of(conversation)
    question = "\n".join(answers.question)
    number = new_case_number()
    while await cases.case_number_taken(turn.session, number):
        number = new_case_number()
    day = await current_day(turn)
    case = Case(
        number=number,
        contact_id=turn.contact.id,
        channel=turn.contact.channel,
        language=turn.contact.locale or "ja_easy",
        prefecture=answers.prefecture,
        hub=answers.hub,
        topic=answers.topic or "other",
        urgent=answers.urgency == "danger",
        question=question,
        status=CaseStatus.NEW,
        day_id=day.id if day else None,
        created_at=turn.now,
        last_activity_at=turn.now,
    )
    turn.session.add(case)
    await turn.session.flush()
    turn.session.add(CaseMessage(case_id=case.id, author="migrant", text=question, created_at=turn.now))
    await attach_to_case(turn.session, list(answers.media), case.id)
    start_case(conversation, case.id)
    tr = turn.tr
    turn.reply(
        tr.gettext("Thank you. Your consultation number is {number}.", number=case.number)
        + "\n"
        + tr.gettext("Please keep this number. You can write here at any time to add to your consultation.")
    )
    decision = await offers.route_case(turn, case)
    if case.urgent and decision.kind != "exhausted":
        # A person in danger: the coordinators hear of it at once, not only when every offer has run out.
        await offers.alert_coordinators(
            turn, case, N_("Urgent: case {number} is from a person in danger now. It is offered to several supporters.")
        )
    turn.reply(await what_happens_next(turn, case, answers.urgency or "normal"))
    return case


async def what_happens_next(turn: Turn, case: Case, urgency: str = "normal") -> str:
    """What the person can expect now, said honestly for their urgency: a person in danger is never told to wait
    a day, nor for the next consultation day."""
    tr = turn.tr
    if case.urgent:
        if case.status == CaseStatus.OFFERED:
            return (
                tr.gettext(
                    "Your consultation is urgent. We have asked several supporters at once and told our coordinator."
                )
                + "\n"
                + tr.gettext("The first supporter who is free will write to you here.")
                + "\n"
                + tr.gettext("Do not wait for us if you are in danger: call 110 (police) or 119 (ambulance).")
            )
        return (
            tr.gettext(
                "Nobody is free right now. We have told our coordinator, who will find someone as soon as possible."
            )
            + "\n"
            + tr.gettext("Do not wait for us if you are in danger: call 110 (police) or 119 (ambulance).")
        )
    if case.status == CaseStatus.OFFERED:
        if case.day_id is not None:
            return tr.gettext("A supporter will answer you here soon, usually within an hour.")
        if urgency == "soon":
            return tr.gettext("A supporter will answer you here. We have asked them to answer within a few hours.")
        return tr.gettext("A supporter will answer you here. This usually takes less than {hours} hours.", hours=24)
    upcoming = await next_day(turn, case.language)
    if upcoming is not None:
        return tr.gettext(
            "Our next consultation day is {date}, from {time}. A supporter will answer you then, or earlier.",
            date=tr.date(upcoming.starts_at),
            time=tr.time(upcoming.starts_at),
        )
    return tr.gettext(
        "All our supporters are busy now. We have told our coordinator, and someone will answer you "
        "as soon as possible. If you are in danger, call 110 (police) or 119 (ambulance)."
    )
