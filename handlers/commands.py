"""Commands that work anywhere, typed as /command or as a keyword in the person's own language."""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable
from functools import cache

from handlers import case_life, closing, intake, relay
from handlers.cases import open_case_of
from handlers.context import Turn
from handlers.emergency import emergency_text
from handlers.erasure import tell_helpers_the_person_left
from handlers.flows import Flow, choosing_language, set_choosing_language
from handlers.i18n import NP_, every_translation
from handlers.language import SUPPORTED_LOCALES, parse_language_choice, unify_khmer_subscripts
from handlers.messages import FOLLOW, PAYLOAD, TEXT, Button
from handlers.vocabulary import TOPICS
from storage.contacts import conversation_of
from storage.erasure import erase_person
from storage.models import Case, Conversation
from storage.states import CaseStatus

# The words a person may type instead of a /command, in each language (translators: one short word, lower case).
COMMANDS = (
    NP_("command keyword", "help"),
    NP_("command keyword", "status"),
    NP_("command keyword", "language"),
    NP_("command keyword", "end"),
    NP_("command keyword", "delete"),
    NP_("command keyword", "cases"),
)


def _fold(text: str) -> str:
    text = unify_khmer_subscripts(unicodedata.normalize("NFKC", text).strip().casefold())
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


@cache
def _keywords() -> dict[str, str]:
    table: dict[str, str] = {}
    for command in COMMANDS:
        for word in every_translation(command, context="command keyword").values():
            table.setdefault(_fold(word), command)
        table[f"/{command}"] = command
    return table


def command_of(turn: Turn) -> str | None:
    inbound = turn.inbound
    if inbound is None:
        return None
    if inbound.kind == PAYLOAD and inbound.payload and inbound.payload.startswith("cmd:"):
        return inbound.payload[4:]
    if inbound.kind != TEXT or not inbound.text:
        return None
    word = _fold(inbound.text).split("@")[0]  # Telegram appends @botname in groups
    return _keywords().get(word)


async def handle_command(turn: Turn) -> bool:
    """Handle a command if the event is one; True when it was."""
    inbound = turn.message
    if inbound.kind == PAYLOAD and inbound.payload:
        verb, _, arg = inbound.payload.partition(":")
        tapped = PAYLOAD_VERBS.get(verb)
        if tapped is not None and await tapped(turn, arg):
            return True
    if inbound.kind == FOLLOW and turn.contact.role == "migrant":
        conversation = await conversation_of(turn.session, turn.contact)
        if conversation.flow == Flow.INTAKE and conversation.step not in ("start", "language"):
            intake.set_step(conversation, "start")
        return False
    if inbound.kind == TEXT and inbound.text and (chosen := await _typed_language(turn, inbound.text)):
        await _change_language(turn, await conversation_of(turn.session, turn.contact), chosen)
        return True
    command = command_of(turn)
    if command is None:
        return await case_life.offer_reopen(turn)
    tr = turn.tr
    if command == "help":
        turn.reply(_supporter_help_text(turn) if turn.contact.role != "migrant" else _help_text(turn))
    elif command == "language":
        conversation = await conversation_of(turn.session, turn.contact)
        set_choosing_language(conversation, True)
        intake.ask_language(turn)
    elif command == "status":
        await _status(turn)
    elif command == "end":
        await _end(turn, confirmed=False)
    elif command == "delete":
        turn.reply(
            tr.gettext("Do you want to erase all your data? Your consultation will end. This cannot be undone."),
            [Button(tr.gettext("Yes, erase"), "erase:yes"), Button(tr.gettext("No"), "erase:no")],
        )
    elif command == "cases":
        return False  # supporters' command, handled in their conversation
    return True


# Buttons that work anywhere, "verb:arg": each verb one function of (turn, arg), True when it handled the tap.


async def _tapped_language(turn: Turn, code: str) -> bool:
    if code not in SUPPORTED_LOCALES:
        return False
    conversation = await conversation_of(turn.session, turn.contact)
    if conversation.flow == Flow.INTAKE and conversation.step == "language":
        return False  # intake's own language step takes it
    await _change_language(turn, conversation, code)
    return True


async def _tapped_rating(turn: Turn, arg: str) -> bool:
    await _rate(turn, arg)
    return True


async def _tapped_reopen(turn: Turn, choice: str) -> bool:
    await _reopen(turn, choice)
    return True


async def _tapped_erase(turn: Turn, answer: str) -> bool:
    await _erase(turn, answer == "yes")
    return True


async def _tapped_end(turn: Turn, answer: str) -> bool:
    if answer != "yes":
        return False
    await _end(turn, confirmed=True)
    return True


PAYLOAD_VERBS: dict[str, Callable[[Turn, str], Awaitable[bool]]] = {
    "lang": _tapped_language,
    "rate": _tapped_rating,
    "reopen": _tapped_reopen,
    "erase": _tapped_erase,
    "end": _tapped_end,
}


def _help_text(turn: Turn) -> str:
    tr = turn.tr
    return "\n".join(
        [
            tr.gettext("This is a free and confidential consultation service. You can write in your language."),
            tr.gettext("Commands:"),
            tr.gettext("/status – see your consultation"),
            tr.gettext("/language – change the language"),
            tr.gettext("/end – end your consultation"),
            tr.gettext("/delete – erase your data"),
            emergency_text(tr, turn.services.hub_map),
        ]
    )


def _supporter_help_text(turn: Turn) -> str:
    tr = turn.tr
    return "\n".join(
        [
            tr.gettext("Commands for supporters:"),
            tr.gettext("/cases – your open cases, each with its actions (interpreter, transfer, note, hold, close)"),
            tr.gettext("To reply, just write here. With several cases, start with the case number: AB-2345 your text"),
            tr.gettext("/language – change the language"),
            tr.gettext("/help – this list"),
        ]
    )


async def _typed_language(turn: Turn, text: str) -> str | None:
    """A language named in writing as the next message after /language; None at any other time."""
    conversation = await conversation_of(turn.session, turn.contact)
    if not choosing_language(conversation):
        return None
    set_choosing_language(conversation, False)
    return parse_language_choice(text)


async def _change_language(turn: Turn, conversation: Conversation, locale: str) -> None:
    """Switch language, say so in the new one, and go on where the person was."""
    turn.contact.locale, turn.contact.locale_source = locale, "explicit"
    set_choosing_language(conversation, False)
    turn.reply(turn.tr.gettext("The language is now English."))
    if turn.contact.role == "migrant":
        await intake.continue_after_language(turn, conversation)


async def _status(turn: Turn) -> None:
    tr = turn.tr
    case = await open_case_of(turn)
    if case is None:
        turn.reply(tr.gettext("You have no open consultation. Write to us to start one."))
        return
    states: dict[str, str] = {
        CaseStatus.NEW: tr.gettext("received"),
        CaseStatus.QUEUED: tr.gettext("waiting for a supporter"),
        CaseStatus.OFFERED: tr.gettext("waiting for a supporter"),
        CaseStatus.ACTIVE: tr.gettext("a supporter is working on it"),
        CaseStatus.ON_HOLD: tr.gettext("on hold; your supporter will contact you"),
    }
    turn.reply(
        tr.gettext("Consultation {number}: {state}.", number=case.number, state=states.get(case.status, case.status))
        + "\n"
        + tr.gettext("Topic: {topic}", topic=tr.gettext(TOPICS.get(case.topic, TOPICS["other"])))
    )


async def _end(turn: Turn, confirmed: bool) -> None:
    tr = turn.tr
    case = await open_case_of(turn)
    conversation = await conversation_of(turn.session, turn.contact)
    if case is None:
        intake.set_step(conversation, "start", question=(), editing=False)
        turn.reply(tr.gettext("OK, we stopped. Write to us again whenever you want."))
        return
    if not confirmed:
        turn.reply(
            tr.gettext("Do you want to end consultation {number}?", number=case.number),
            [Button(tr.gettext("Yes, end it"), "end:yes"), Button(tr.gettext("No"), "cmd:status")],
        )
        return
    await closing.close_case(turn, case, {"closed_by": "migrant"})
    intake.set_step(conversation, "start", question=(), editing=False)


async def _reopen(turn: Turn, choice: str) -> None:
    """Reopen the closed case, or start a new consultation; either way the kept message goes on."""
    text = await case_life.kept_text(turn)
    if choice.isdigit():
        await case_life.reopen(turn, int(choice))
        if text is not None:
            await relay.relay_from_migrant(turn, text)
        return
    if text is not None:
        conversation = await conversation_of(turn.session, turn.contact)
        intake.set_step(conversation, "start")
        await intake.begin(turn, conversation, text)


async def _rate(turn: Turn, answer: str) -> None:
    case_id, _, score = answer.partition(":")
    case = await turn.session.get(Case, int(case_id)) if case_id.isdigit() else None
    if case is not None and case.contact_id == turn.contact.id and score in ("1", "2", "3"):
        case.satisfaction = int(score)
    turn.reply(turn.tr.gettext("Thank you for your answer."))


async def _erase(turn: Turn, confirmed: bool) -> None:
    tr = turn.tr
    if not confirmed:
        turn.reply(tr.gettext("OK. Nothing was erased."))
        return
    keys = tuple(k for k in (turn.services.pseudonym_key, turn.services.previous_pseudonym_key) if k)
    erased = await erase_person(turn.session, turn.contact, keys, turn.now)
    # Queued after the erasure, which empties this person's outbox; the platform id stays until it has left.
    turn.reply(tr.gettext("Your data has been erased. Thank you for contacting us. Take care."))
    await tell_helpers_the_person_left(turn.session, erased.helpers, turn.now)
