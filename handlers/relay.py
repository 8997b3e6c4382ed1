"""The line between a migrant and the people helping them, through the bot, with no account ever shown.

A migrant's message reaches the supporter (and interpreter) labelled with the case number and language; a
supporter's reply reaches the migrant labelled with the hub ("Supporter, North Kanto"). Nobody sees a name,
platform id or profile of the other side.
"""

from __future__ import annotations

from sqlalchemy import select

from handlers.cases import open_case_of
from handlers.context import Turn
from handlers.i18n import translator
from handlers.language import LANGUAGE_NAMES
from handlers.messages import MEDIA, STICKER, TEXT, Outbound
from handlers.places import hub_name
from storage.models import Case, CaseMessage, Contact, Supporter
from storage.supporters import contact_of_supporter


def hub_label(turn: Turn, locale: str | None, case: Case) -> str:
    tr = translator(locale)
    hub = turn.services.hub_map.hubs.get(case.hub or "")
    name = hub_name(tr, hub) if hub else ""
    return tr.gettext("Supporter, {hub}", hub=name) if name else tr.gettext("Supporter")


async def relay_from_migrant(turn: Turn) -> bool:
    """Pass a migrant's message into their open case. False when they have no open case (intake goes on)."""
    inbound = turn.inbound
    assert inbound is not None
    case = await open_case_of(turn)
    if case is None:
        return False
    tr = turn.tr
    case.last_activity_at = turn.now
    if inbound.kind not in (TEXT, MEDIA, STICKER):
        turn.reply(tr.gettext("Sorry, I did not understand."))
        return True
    text = inbound.text if inbound.kind == TEXT else None
    turn.session.add(CaseMessage(case_id=case.id, author="migrant", kind=inbound.kind, text=text, created_at=turn.now))
    recipients = [c for c in [await contact_of_supporter(turn.session, case.supporter_id)] if c is not None]
    interpreter = await contact_of_supporter(turn.session, case.interpreter_id)
    if interpreter is not None:
        recipients.append(interpreter)
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
        if inbound.kind == TEXT:
            turn.send(recipient.id, Outbound(f"[{label}]\n{text}"))
        elif inbound.kind == MEDIA and inbound.media_ref:
            turn.send(
                recipient.id,
                Outbound(
                    f"[{label}]\n" + rtr.gettext("The person sent a file."),
                    media_type=inbound.media_type,
                    media_ref=inbound.media_ref,
                    media_channel=inbound.channel,
                ),
            )
        else:
            turn.send(recipient.id, Outbound(f"[{label}]\n" + rtr.gettext("The person sent a sticker.")))
    return True


async def relay_to_migrant(turn: Turn, case: Case, supporter: Supporter, role: str) -> None:
    """A supporter's or interpreter's message, to the migrant and to the other helper on the case."""
    inbound = turn.inbound
    assert inbound is not None
    tr = turn.tr
    if inbound.kind not in (TEXT, MEDIA):
        turn.reply(tr.gettext("Only text and files can be passed on."))
        return
    text = inbound.text if inbound.kind == TEXT else None
    turn.session.add(
        CaseMessage(
            case_id=case.id,
            author=role,
            supporter_id=supporter.id,
            kind=inbound.kind,
            text=text,
            created_at=turn.now,
        )
    )
    case.last_activity_at = turn.now
    if case.first_response_at is None:
        case.first_response_at = turn.now
    migrant = await turn.session.get(Contact, case.contact_id) if case.contact_id else None
    if migrant is None or migrant.platform_user_id is None:
        turn.reply(tr.gettext("This person has left or erased their data. The message was not sent."))
        return
    mtr = translator(migrant.locale)
    label = mtr.gettext("Interpreter") if role == "interpreter" else hub_label(turn, migrant.locale, case)
    media = {}
    if inbound.kind == MEDIA and inbound.media_ref:
        media = {
            "media_type": inbound.media_type,
            "media_ref": inbound.media_ref,
            "media_channel": inbound.channel,
        }
    body = text if text is not None else mtr.gettext("Your supporter sent a file.")
    turn.send(migrant.id, Outbound(f"[{label}]\n{body}", **media))  # type: ignore[arg-type]
    # In a three-way case the other helper sees what was said too.
    other_id = case.interpreter_id if role == "supporter" else case.supporter_id
    other = await contact_of_supporter(turn.session, other_id)
    if other is not None and text is not None:
        otr = translator(other.locale)
        who = otr.gettext("Interpreter") if role == "interpreter" else otr.gettext("Supporter")
        turn.send(other.id, Outbound(f"[{otr.gettext('Case {number}', number=case.number)} · {who}]\n{text}"))


async def cases_of_supporter(turn: Turn, supporter: Supporter) -> list[Case]:
    rows = await turn.session.scalars(
        select(Case)
        .where(
            (Case.supporter_id == supporter.id) | (Case.interpreter_id == supporter.id),
            Case.status.in_(("active", "on_hold")),
        )
        .order_by(Case.last_activity_at.desc())
    )
    return list(rows.all())
