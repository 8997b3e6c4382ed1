"""The line between a migrant and the people helping them, through the bot, with no account ever shown.

A migrant's message reaches the supporter (and interpreter) labelled with the case number and language; a
supporter's reply reaches the migrant labelled with the hub ("Supporter, North Kanto"). Nobody sees a name,
platform id or profile of the other side.
"""

from __future__ import annotations

from handlers import attachments
from handlers.cases import open_case_of
from handlers.context import Turn
from handlers.i18n import translator
from handlers.language import LANGUAGE_NAMES
from handlers.media import Attachment, MediaProblem
from handlers.messages import MEDIA, STICKER, TEXT, Outbound
from handlers.places import hub_name
from storage.cases import migrant_of
from storage.models import Case, CaseMessage, Contact, Supporter
from storage.states import OfferRole
from storage.supporters import contact_of_supporter


def hub_label(turn: Turn, locale: str | None, case: Case) -> str:
    tr = translator(locale)
    hub = turn.services.hub_map.hubs.get(case.hub or "")
    name = hub_name(tr, hub) if hub else ""
    return tr.gettext("Supporter, {hub}", hub=name) if name else tr.gettext("Supporter")


async def relay_from_migrant(turn: Turn, text: str | None = None) -> bool:
    """Pass a migrant's message into their open case: `text` if given (a message kept from before), else the
    event being handled. False when they have no open case (intake goes on)."""
    inbound = turn.message
    kind = TEXT if text is not None else inbound.kind
    case = await open_case_of(turn)
    if case is None:
        return False
    tr = turn.tr
    case.last_activity_at = turn.now
    if kind not in (TEXT, MEDIA, STICKER):
        turn.reply(tr.gettext("Sorry, I did not understand."))
        return True
    media = None
    if kind == MEDIA:
        if isinstance(turn.arrival, MediaProblem) and turn.arrival != MediaProblem.FAILED:
            attachments.answer_refused(turn, turn.arrival)
            return True
        if isinstance(turn.arrival, Attachment):
            media = await attachments.keep(turn, turn.arrival, case.id)
    if text is None and kind in (TEXT, MEDIA):
        text = inbound.text  # with MEDIA, a Telegram file's caption
    if kind == MEDIA and media is None:
        await _download_failed(turn, case)
        return True
    turn.session.add(CaseMessage(case_id=case.id, author="migrant", kind=kind, text=text, created_at=turn.now))
    recipients = await _helpers(turn, case)
    if not recipients:
        turn.reply(
            tr.gettext(
                "We added this to your consultation {number}. A supporter will answer soon.",
                number=case.number,
            )
        )
        return True
    for recipient in recipients:
        rtr = translator(recipient.locale)
        label = rtr.gettext(
            "Case {number} · {language}",
            number=case.number,
            language=LANGUAGE_NAMES.get(case.language, case.language),
        )
        if kind == TEXT:
            turn.send(recipient.id, Outbound(f"[{label}]\n{text}"))
        elif media is not None:
            body = attachments.from_person(rtr, media.kind) + (f"\n{text}" if text else "")
            turn.send(recipient.id, attachments.carrying(f"[{label}]\n{body}", media, recipient))
        else:
            turn.send(recipient.id, Outbound(f"[{label}]\n" + rtr.gettext("The person sent a sticker.")))
    return True


async def _helpers(turn: Turn, case: Case) -> list[Contact]:
    """The supporter's and the interpreter's chat accounts, those the case has."""
    recipients = [c for c in [await contact_of_supporter(turn.session, case.supporter_id)] if c is not None]
    interpreter = await contact_of_supporter(turn.session, case.interpreter_id)
    if interpreter is not None:
        recipients.append(interpreter)
    return recipients


async def _download_failed(turn: Turn, case: Case) -> None:
    """The person's file could not be fetched even after retries: their helpers hear of it, and so do they."""
    for recipient in await _helpers(turn, case):
        rtr = translator(recipient.locale)
        turn.send(
            recipient.id,
            Outbound(f"[{rtr.gettext('Case {number}', number=case.number)}]\n" + attachments.download_failed(rtr)),
        )
    attachments.answer_refused(turn, MediaProblem.FAILED)


async def relay_to_migrant(turn: Turn, case: Case, supporter: Supporter, role: str, text: str | None = None) -> None:
    """A supporter's or interpreter's message (`text` if given, else the event being handled), to the migrant and
    to the other helper on the case."""
    inbound = turn.message
    kind = TEXT if text is not None else inbound.kind
    tr = turn.tr
    if kind not in (TEXT, MEDIA):
        turn.reply(tr.gettext("Only text and files can be passed on."))
        return
    media = None
    if kind == MEDIA:
        if isinstance(turn.arrival, MediaProblem):
            attachments.answer_refused(turn, turn.arrival)
            return
        if isinstance(turn.arrival, Attachment):
            media = await attachments.keep(turn, turn.arrival, case.id)
    if text is None and kind in (TEXT, MEDIA):
        text = inbound.text  # with MEDIA, a Telegram file's caption
    if kind == MEDIA and media is None:
        attachments.answer_refused(turn, MediaProblem.FAILED)
        return
    turn.session.add(
        CaseMessage(
            case_id=case.id,
            author=role,
            supporter_id=supporter.id,
            kind=kind,
            text=text,
            created_at=turn.now,
        )
    )
    case.last_activity_at = turn.now
    if case.first_response_at is None:
        case.first_response_at = turn.now
    migrant = await migrant_of(turn.session, case)
    if migrant is None:
        turn.reply(tr.gettext("This person has left or erased their data. The message was not sent."))
        return
    mtr = translator(migrant.locale)
    label = mtr.gettext("Interpreter") if role == OfferRole.INTERPRETER else hub_label(turn, migrant.locale, case)
    if media is not None:
        body = attachments.from_supporter(mtr, media.kind) + (f"\n{text}" if text else "")
        turn.send(migrant.id, attachments.carrying(f"[{label}]\n{body}", media, migrant))
    else:
        turn.send(migrant.id, Outbound(f"[{label}]\n{text}"))
    # In a three-way case the other helper sees what was said too.
    other_id = case.interpreter_id if role == OfferRole.SUPPORTER else case.supporter_id
    other = await contact_of_supporter(turn.session, other_id)
    if other is not None and (text is not None or media is not None):
        otr = translator(other.locale)
        who = otr.gettext("Interpreter") if role == OfferRole.INTERPRETER else otr.gettext("Supporter")
        header = f"[{otr.gettext('Case {number}', number=case.number)} · {who}]"
        shown = f"{header}\n{text}" if text else header
        turn.send(other.id, attachments.carrying(shown, media, other) if media is not None else Outbound(shown))
