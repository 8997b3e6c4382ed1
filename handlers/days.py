"""Consultation days: planned by a coordinator, opened and closed by timers, staffed by supporters' shifts.

Opening a day routes the cases that queued for it; closing it hands what is unfinished to follow-up. Every
moment here is a row in `timers` (kinds below, registered in `handlers.timers`), so a restart changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from handlers import offers
from handlers.context import Services, Turn
from handlers.i18n import N_, Translator, translator
from handlers.language import LANGUAGE_NAMES
from handlers.messages import Button, Outbound
from storage.cases import migrant_of, queued_cases, unfinished_cases_of_day
from storage.days import (
    announcement_recipients,
    coming_days,
    days_on_shift,
    remove_shift,
    shift_of,
)
from storage.db import Database
from storage.models import Case, ConsultationDay, Shift, Supporter, Timer
from storage.outbox import enqueue_bulk
from storage.states import CaseStatus, DayStatus, TimerKind
from storage.supporters import contact_of_supporter
from storage.timers import arm, cancel, ref, ref_id

SHIFT_REMINDER_BEFORE = dt.timedelta(minutes=30)
FOLLOW_UP_AFTER = dt.timedelta(days=2)


class DayError(ValueError):
    """A consultation day that cannot be planned as asked; the message says why in one sentence."""


# --- planning -----------------------------------------------------------------------------------------


async def create_day(
    session: AsyncSession,
    *,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    hubs: Iterable[str] = (),
    languages: Iterable[str] = (),
) -> ConsultationDay:
    """Plan a day with its open and close timers. Empty `hubs` or `languages` mean all of them."""
    if ends_at <= starts_at:
        raise DayError("A consultation day must end after it starts.")
    day = ConsultationDay(title=title, starts_at=starts_at, ends_at=ends_at, hubs=list(hubs), languages=list(languages))
    day.status = DayStatus.PLANNED
    session.add(day)
    await session.flush()
    await arm(session, TimerKind.DAY_OPEN, ref("day", day.id), starts_at)
    await arm(session, TimerKind.DAY_CLOSE, ref("day", day.id), ends_at)
    return day


async def plan_consultation_day(
    db: Database,
    *,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    hubs: Iterable[str] = (),
    languages: Iterable[str] = (),
) -> int:
    """`hotline days create`: plan a day and return its id."""
    async with db.transaction() as session:
        day = await create_day(
            session, title=title, starts_at=starts_at, ends_at=ends_at, hubs=hubs, languages=languages
        )
        return day.id


# --- open and close -----------------------------------------------------------------------------------


def _serves(day: ConsultationDay, case: Case) -> bool:
    return (not day.languages or case.language in day.languages) and (not day.hubs or case.hub in day.hubs)


async def route_queued(turn: Turn, day: ConsultationDay | None, languages: Iterable[str] | None = None) -> int:
    """Route the cases waiting in the queue (those `day` serves, or in `languages`). Returns how many."""
    wanted = set(languages) if languages is not None else None
    queued = await queued_cases(turn.session)
    routed = 0
    for case in queued:
        if day is not None and not _serves(day, case):
            continue
        if wanted is not None and case.language not in wanted:
            continue
        if day is not None:
            case.day_id = day.id
        await offers.route_case(turn, case)
        routed += 1
    return routed


async def open_day(turn: Turn, day_id: int) -> None:
    day = await turn.session.get(ConsultationDay, day_id)
    if day is None or day.status != DayStatus.PLANNED:
        return
    day.status = DayStatus.OPEN
    await route_queued(turn, day)


async def close_day(turn: Turn, day_id: int) -> None:
    """Hand every unfinished case of the day to follow-up and tell the people working on them."""
    day = await turn.session.get(ConsultationDay, day_id)
    if day is None or day.status == DayStatus.CLOSED:
        return
    day.status = DayStatus.CLOSED
    unfinished = await unfinished_cases_of_day(turn.session, day.id)
    follow_up_at = turn.now + FOLLOW_UP_AFTER
    for case in unfinished:
        await offers.withdraw_pending_offers(
            turn, case, N_("The consultation day has ended, so the offer of case {number} is withdrawn.")
        )
        case.status, case.last_activity_at = CaseStatus.ON_HOLD, turn.now
        await arm(turn.session, TimerKind.DAY_FOLLOW_UP, ref("case", case.id), follow_up_at)
        if case.supporter_id is not None:
            await _tell(
                turn,
                case.supporter_id,
                _on_hold_text(case.number, follow_up_at),
            )
        else:
            migrant = await migrant_of(turn.session, case)
            if migrant is not None:
                mtr = translator(migrant.locale)
                turn.send(
                    migrant.id,
                    Outbound(
                        mtr.gettext(
                            "Today's consultation day has ended. Your consultation {number} is kept, "
                            "and a supporter will contact you here.",
                            number=case.number,
                        )
                    ),
                )


def _on_hold_text(number: str, follow_up_at: dt.datetime) -> Callable[[Translator], str]:
    return lambda tr: tr.gettext(
        "The consultation day has ended. Case {number} is now on hold for follow-up; we will remind you on {date}.",
        number=number,
        date=tr.date(follow_up_at),
    )


async def _tell(
    turn: Turn,
    supporter_id: int,
    text: Callable[[Translator], str],
    buttons: Callable[[Translator], tuple[Button, ...]] = lambda _tr: (),
) -> None:
    contact = await contact_of_supporter(turn.session, supporter_id)
    if contact is None or contact.platform_user_id is None:
        return
    tr = translator(contact.locale)
    turn.send(contact.id, Outbound(text(tr), buttons(tr)))


async def follow_up(turn: Turn, case_id: int) -> None:
    """A case on hold comes due: remind its supporter, or put it back in the queue if it has none."""
    case = await turn.session.get(Case, case_id)
    if case is None or case.status != CaseStatus.ON_HOLD:
        return
    if case.supporter_id is None:
        case.status, case.day_id = CaseStatus.QUEUED, None
        await offers.route_case(turn, case)
        return
    await _tell(
        turn,
        case.supporter_id,
        lambda tr: tr.gettext(
            "Follow-up: case {number} is on hold. Please write to the person, or close the case.",
            number=case.number,
        ),
        lambda tr: (Button(tr.gettext("Close the case"), f"case:{case.id}:close"),),
    )


# --- shifts -------------------------------------------------------------------------------------------


async def upcoming_days(turn: Turn) -> list[ConsultationDay]:
    return await coming_days(turn.session, turn.now)


def _when(tr: Translator, day: ConsultationDay) -> str:
    return f"{tr.date(day.starts_at)} {tr.time(day.starts_at)}–{tr.time(day.ends_at)}"


async def show_shifts(turn: Turn, supporter: Supporter) -> None:
    """`/shifts`: the coming days, each with a button to sign up or to step back."""
    tr = turn.tr
    days = await upcoming_days(turn)
    if not days:
        turn.reply(tr.gettext("No consultation day is planned yet. We will tell you when one is."))
        return
    mine = await days_on_shift(turn.session, supporter.id, [d.id for d in days])
    lines = [tr.gettext("Consultation days:")]
    buttons = []
    for index, day in enumerate(days, start=1):
        signed = day.id in mine
        lines.append(f"{index}. {'✅ ' if signed else ''}{day.title} · {_when(tr, day)}")
        if signed:
            buttons.append(Button(tr.gettext("Cancel {n}", n=index), f"shift:leave:{day.id}"))
        else:
            buttons.append(Button(tr.gettext("Sign up {n}", n=index), f"shift:join:{day.id}"))
    turn.reply("\n".join(lines), buttons)


async def sign_up(turn: Turn, supporter: Supporter, day_id: int) -> None:
    tr = turn.tr
    day = await turn.session.get(ConsultationDay, day_id)
    if day is None or day.status == DayStatus.CLOSED or day.ends_at <= turn.now:
        turn.reply(tr.gettext("This consultation day is over."))
        return
    shift = await shift_of(turn.session, supporter.id, day.id)
    if shift is None:
        shift = Shift(day_id=day.id, supporter_id=supporter.id, starts_at=day.starts_at, ends_at=day.ends_at)
        turn.session.add(shift)
        await turn.session.flush()
    remind_at = shift.starts_at - SHIFT_REMINDER_BEFORE
    if remind_at > turn.now:
        await arm(turn.session, TimerKind.SHIFT_REMINDER, ref("shift", shift.id), remind_at)
    turn.reply(
        tr.gettext("Thank you! You are on shift for {title}, {when}.", title=day.title, when=_when(tr, day))
        + "\n"
        + tr.gettext("We will remind you {n} minutes before it starts.", n=int(SHIFT_REMINDER_BEFORE.seconds // 60))
    )


async def leave_shift(turn: Turn, supporter: Supporter, day_id: int) -> None:
    shift = await shift_of(turn.session, supporter.id, day_id)
    if shift is not None:
        await cancel(turn.session, TimerKind.SHIFT_REMINDER, ref("shift", shift.id), turn.now)
        await remove_shift(turn.session, shift.id)
    turn.reply(turn.tr.gettext("OK, you are no longer on shift for that day."))


async def remind_shift(turn: Turn, shift_id: int) -> None:
    shift = await turn.session.get(Shift, shift_id)
    if shift is None:
        return
    day = await turn.session.get(ConsultationDay, shift.day_id)
    if day is None or day.status == DayStatus.CLOSED:
        return
    await _tell(
        turn,
        shift.supporter_id,
        lambda tr: tr.gettext(
            "Reminder: your shift for {title} starts at {time}. New consultations will come here.",
            title=day.title,
            time=tr.time(shift.starts_at),
        ),
    )


# --- announcements ------------------------------------------------------------------------------------


def announcement_text(tr: Translator, day: ConsultationDay) -> str:
    lines = [
        tr.gettext("Free online consultation day"),
        tr.gettext(
            "{date}, from {start} to {end}",
            date=tr.date(day.starts_at),
            start=tr.time(day.starts_at),
            end=tr.time(day.ends_at),
        ),
    ]
    if day.languages:
        names = ", ".join(LANGUAGE_NAMES.get(code, code) for code in day.languages)
        lines.append(tr.gettext("Languages: {languages}", languages=names))
    lines.append(tr.gettext("Write to us here in your language. It is free and confidential."))
    return "\n".join(lines)


async def announce_day(session: AsyncSession, services: Services, day_id: int) -> int:
    """Queue the day's notice to every subscribed migrant, in their language. Returns how many were queued.

    The outbox sender paces the sending within each platform's limits; this only writes the rows.
    """
    day = await session.get(ConsultationDay, day_id)
    if day is None:
        raise DayError(f"There is no consultation day {day_id}.")
    now = services.clock()
    texts: dict[str | None, dict[str, str]] = {}
    recipients = await announcement_recipients(session, day)

    def body(locale: str | None) -> dict[str, str]:
        text = texts.get(locale)
        if text is None:
            text = texts[locale] = Outbound(announcement_text(translator(locale), day)).to_json()
        return text

    # Bulk: the sender sends these after any interactive reply, so a person in trouble never waits behind them.
    count = await enqueue_bulk(session, ((contact_id, body(locale)) for contact_id, locale, _ in recipients), now)
    day.announced_at = now
    return count


async def announce(db: Database, services: Services, day_id: int) -> int:
    """`hotline days announce`: queue the notice for a day and return how many people it goes to."""
    async with db.transaction() as session:
        return await announce_day(session, services, day_id)


# --- timer kinds --------------------------------------------------------------------------------------


async def _day_open(turn: Turn, timer: Timer) -> None:
    await open_day(turn, ref_id(timer))


async def _day_close(turn: Turn, timer: Timer) -> None:
    await close_day(turn, ref_id(timer))


async def _shift_reminder(turn: Turn, timer: Timer) -> None:
    await remind_shift(turn, ref_id(timer))


async def _follow_up(turn: Turn, timer: Timer) -> None:
    await follow_up(turn, ref_id(timer))


TIMER_EFFECTS: dict[TimerKind, Callable[[Turn, Timer], Awaitable[None]]] = {
    TimerKind.DAY_OPEN: _day_open,
    TimerKind.DAY_CLOSE: _day_close,
    TimerKind.SHIFT_REMINDER: _shift_reminder,
    TimerKind.DAY_FOLLOW_UP: _follow_up,
}
