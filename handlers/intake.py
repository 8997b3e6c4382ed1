"""The intake conversation: language, consent, urgency, region, topic, question, confirmation, case.

State lives in the `conversations` row (flow "intake", a step name and an `IntakeState`, see handlers/flows.py), so
any process can take the next message. Each step answers anything unexpected kindly and asks its question again.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from handlers import attachments, cases
from handlers.context import Turn
from handlers.emergency import call_now_text
from handlers.emergency import emergency_text as _emergency_text
from handlers.flows import Flow, IntakeState, intake_of, keep_intake
from handlers.i18n import Translator
from handlers.language import (
    LANGUAGE_NAMES,
    SUPPORTED_LOCALES,
    detect_language,
    parse_language_choice,
    resolve_language,
)
from handlers.media import Attachment, MediaProblem
from handlers.messages import FOLLOW, MEDIA, PAYLOAD, STICKER, TEXT, Button
from handlers.places import hub_name, prefecture_name
from handlers.vocabulary import TOPICS, URGENCY
from storage.contacts import conversation_of
from storage.models import Conversation

MAX_QUESTION_CHARS = 4000


def language_menu() -> list[Button]:
    return [Button(LANGUAGE_NAMES[code], f"lang:{code}") for code in SUPPORTED_LOCALES]


def set_step(conversation: Conversation, step: str, **changes: Any) -> None:
    """Go to intake step `step`, changing the named fields of the `IntakeState` and keeping the others."""
    keep_intake(conversation, replace(intake_of(conversation), **changes), step=step)


def explain_one_to_one(turn: Turn) -> None:
    inbound = turn.inbound
    hinted = resolve_language(None, inbound.locale_hint if inbound else None, None).locale
    tr = turn.tr if turn.contact.locale else Translator(hinted)
    turn.reply(tr.gettext("This hotline works in one-to-one chats only. Please write to us directly."))


def emergency_text(turn: Turn, hub_code: str | None) -> str:
    return _emergency_text(turn.tr, turn.services.hub_map, hub_code)


async def handle(turn: Turn) -> None:
    conversation = await conversation_of(turn.session, turn.contact)
    if conversation.flow != Flow.INTAKE:
        set_step(conversation, "start")
    step = conversation.step
    handler = STEPS.get(step, _start)
    await handler(turn, conversation)


def _payload(turn: Turn, prefix: str) -> str | None:
    inbound = turn.inbound
    if inbound is None or inbound.kind != PAYLOAD or not inbound.payload:
        return None
    if inbound.payload.startswith(prefix + ":"):
        return inbound.payload[len(prefix) + 1 :]
    return None


def _text(turn: Turn) -> str | None:
    inbound = turn.inbound
    if inbound is None or inbound.kind != TEXT or not inbound.text:
        return None
    return inbound.text.strip() or None


def _not_understood(turn: Turn) -> str:
    inbound = turn.inbound
    tr = turn.tr
    if inbound is not None and inbound.kind in (MEDIA, STICKER):
        return tr.gettext("Thank you. I cannot read pictures, stickers or voice messages here.")
    return tr.gettext("Sorry, I did not understand.")


async def _start(turn: Turn, conversation: Conversation) -> None:
    inbound = turn.inbound
    await begin(turn, conversation, inbound.text if inbound and inbound.kind == TEXT else None)


async def begin(turn: Turn, conversation: Conversation, text: str | None) -> None:
    """The first step of a consultation, from `text`: the person's first words (they may name a language)."""
    inbound = turn.inbound
    contact = turn.contact
    if contact.locale_source != "explicit":
        guess = resolve_language(None, inbound.locale_hint if inbound else None, text)
        contact.locale, contact.locale_source = guess.locale, guess.source
    typed = parse_language_choice((text or "").strip())
    if typed:
        contact.locale, contact.locale_source = typed, "explicit"
        await _ask_consent(turn, conversation)
        return
    tr = turn.tr
    # The numbers come before anything else: someone in danger must not have to choose a language first.
    turn.reply(
        tr.gettext("Hello. This is a free consultation service for people from other countries living in Japan.")
        + "\n\n"
        + call_now_text(tr)
        + "\n\n"
        + tr.gettext("Please choose your language.")
        + "\n"
        + tr.gettext("Tap a button, or write the name of your language."),
        _menu_with_current_first(contact.locale),
    )
    set_step(conversation, "language")


def _menu_with_current_first(current: str | None) -> list[Button]:
    menu = language_menu()
    menu.sort(key=lambda b: b.payload != f"lang:{current}")
    return menu


async def _language(turn: Turn, conversation: Conversation) -> None:
    chosen = _payload(turn, "lang") or parse_language_choice(_text(turn) or "")
    if chosen in SUPPORTED_LOCALES:
        turn.contact.locale, turn.contact.locale_source = chosen, "explicit"
        await _ask_consent(turn, conversation)
        return
    if turn.inbound is not None and turn.inbound.kind == FOLLOW:
        await _start(turn, conversation)
        return
    written = detect_language(_text(turn) or "")
    if written is not None and turn.contact.locale_source != "explicit":
        # They wrote a sentence instead of choosing: go on in the language they wrote, with a way back
        # (the consent notice has a "Change language" button).
        turn.contact.locale, turn.contact.locale_source = written, "detected"
        await _ask_consent(turn, conversation)
        return
    # Nothing we can read a language from (a sticker, "??", a stray letter): ask again, never guess silently.
    tr = turn.tr
    turn.reply(
        _not_understood(turn)
        + "\n"
        + tr.gettext("Please choose your language.")
        + "\n"
        + tr.gettext("Tap a button, or write the name of your language."),
        _menu_with_current_first(turn.contact.locale),
    )


async def continue_after_language(turn: Turn, conversation: Conversation) -> None:
    """After a language change half-way through the intake: the pending question again, in the new language."""
    if conversation.flow != Flow.INTAKE:
        return
    step = conversation.step
    if step in ("start", "language", "consent"):
        await _ask_consent(turn, conversation)
    elif step == "declined":
        _declined_help(turn)
    elif step == "question":
        turn.reply(
            turn.tr.gettext("Please write your question in your own words. You can send several messages.")
            + "\n"
            + turn.tr.gettext("When you have finished, tap “Done”."),
            [Button(turn.tr.gettext("Done"), "intake:done")],
        )
    elif step in _ASK_AGAIN:
        _ASK_AGAIN[step](turn, conversation)


def ask_language(turn: Turn) -> None:
    turn.reply(turn.tr.gettext("Please choose your language."), _menu_with_current_first(turn.contact.locale))


async def _ask_consent(turn: Turn, conversation: Conversation) -> None:
    tr = turn.tr
    turn.reply(
        "\n".join(
            [
                tr.gettext("Before we start, please read this."),
                tr.gettext("We keep your answers and messages so that a supporter can help you."),
                tr.gettext(
                    "We delete them {days} days after your consultation ends.",
                    days=turn.services.retention.operational.days,
                ),
                tr.gettext("We use anonymous numbers for reports to improve policy. Nobody can find you in them."),
                tr.gettext("You can erase your data at any time: write /delete."),
                tr.gettext("Do you agree?"),
            ]
        ),
        [
            Button(tr.gettext("I agree"), "consent:yes"),
            Button(tr.gettext("I do not agree"), "consent:no"),
            Button(tr.gettext("Change language"), "cmd:language"),
        ],
    )
    set_step(conversation, "consent")


async def _consent(turn: Turn, conversation: Conversation) -> None:
    answer = _payload(turn, "consent")
    tr = turn.tr
    if answer == "yes":
        turn.contact.consent, turn.contact.consent_at = "given", turn.now
        turn.reply(tr.gettext("Thank you."))
        _ask_urgency(turn, conversation)
        return
    if answer == "no":
        turn.contact.consent, turn.contact.consent_at = "declined", turn.now
        _declined_help(turn)
        set_step(conversation, "declined")
        return
    turn.reply(_not_understood(turn) + "\n" + tr.gettext("Please tap “I agree” or “I do not agree”."))
    await _ask_consent(turn, conversation)


def _declined_help(turn: Turn) -> None:
    tr = turn.tr
    turn.reply(
        "\n".join(
            [
                tr.gettext("We respect your choice. We keep nothing you write."),
                tr.gettext("General help: the Foreign Residents Support Center (FRESC) answers in many languages."),
                emergency_text(turn, None),
                tr.gettext("If you change your mind, tap the button below."),
            ]
        ),
        [Button(tr.gettext("I agree"), "consent:yes")],
    )


async def _declined(turn: Turn, conversation: Conversation) -> None:
    if _payload(turn, "consent") == "yes":
        await _consent(turn, conversation)
        return
    _declined_help(turn)


def _ask_urgency(turn: Turn, conversation: Conversation) -> None:
    tr = turn.tr
    turn.reply(
        tr.gettext("Are you in danger now?"),
        [Button(tr.gettext(label), f"urgency:{code}") for code, label in URGENCY.items()],
    )
    set_step(conversation, "urgency")


async def _urgency(turn: Turn, conversation: Conversation) -> None:
    level = _payload(turn, "urgency")
    if level not in URGENCY:
        turn.reply(_not_understood(turn))
        _ask_urgency(turn, conversation)
        return
    if level == "danger":
        turn.reply(emergency_text(turn, None))
        turn.reply(turn.tr.gettext("We will mark your consultation as urgent. Please answer a few short questions."))
    set_step(conversation, "region", urgency=level)
    _after_answer(turn, conversation, _ask_region)


def _ask_region(turn: Turn, conversation: Conversation) -> None:
    tr = turn.tr
    hubs = turn.services.hub_map.hubs.values()
    turn.reply(
        tr.gettext("Where do you live? Choose your area, or write the name of your prefecture."),
        [Button(hub_name(tr, hub), f"hub:{hub.code}") for hub in hubs],
    )
    set_step(conversation, "region")


async def _region(turn: Turn, conversation: Conversation) -> None:
    hub_map = turn.services.hub_map
    tr = turn.tr
    hub_code = _payload(turn, "hub")
    if hub_code is not None and hub_code in hub_map.hubs:
        prefectures = hub_map.prefectures_of(hub_code)
        turn.reply(
            tr.gettext("Which prefecture?"),
            [Button(prefecture_name(tr, p), f"pref:{p.code}") for p in prefectures]
            + [Button(tr.gettext("Back"), "pref:back")],
        )
        return
    chosen = _payload(turn, "pref")
    if chosen == "back":
        _ask_region(turn, conversation)
        return
    prefecture = None
    if chosen and chosen.isdigit() and int(chosen) in hub_map.prefectures:
        prefecture = hub_map.prefectures[int(chosen)]
    elif (typed := _text(turn)) is not None:
        prefecture = hub_map.find_prefecture(typed)
    if prefecture is None:
        turn.reply(_not_understood(turn) + " " + tr.gettext("I could not find that prefecture."))
        _ask_region(turn, conversation)
        return
    set_step(conversation, "topic", prefecture=prefecture.code, hub=prefecture.hub)
    _after_answer(turn, conversation, _ask_topic)


def _ask_topic(turn: Turn, conversation: Conversation) -> None:
    tr = turn.tr
    turn.reply(
        tr.gettext("What is your consultation about?"),
        [Button(tr.gettext(label), f"topic:{code}") for code, label in TOPICS.items()],
    )
    set_step(conversation, "topic")


async def _topic(turn: Turn, conversation: Conversation) -> None:
    topic = _payload(turn, "topic")
    if topic not in TOPICS:
        turn.reply(_not_understood(turn))
        _ask_topic(turn, conversation)
        return
    set_step(conversation, "question", topic=topic)
    _after_answer(turn, conversation, _ask_question)


def _ask_question(turn: Turn, conversation: Conversation) -> None:
    tr = turn.tr
    turn.reply(
        tr.gettext("Please write your question in your own words. You can send several messages.")
        + "\n"
        + tr.gettext("When you have finished, tap “Done”."),
        [Button(tr.gettext("Done"), "intake:done")],
    )
    set_step(conversation, "question", question=())


async def _question(turn: Turn, conversation: Conversation) -> None:
    tr = turn.tr
    state = intake_of(conversation)
    parts, files = list(state.question), state.media
    if _payload(turn, "intake") == "done":
        if not parts and not files:
            turn.reply(tr.gettext("Please write your question first."))
            return
        _ask_confirm(turn, conversation)
        return
    if turn.inbound is not None and turn.inbound.kind == MEDIA:
        # A photo of the letter is often the question itself: kept, shown to the supporter who accepts.
        if not isinstance(turn.arrival, Attachment):
            attachments.answer_refused(turn, turn.arrival or MediaProblem.FAILED)
            return
        media = await attachments.keep(turn, turn.arrival, case_id=None)
        caption = (turn.inbound.text or "").strip()
        set_step(
            conversation, "question", question=(*parts, caption) if caption else tuple(parts), media=(*files, media.id)
        )
        turn.reply(
            tr.gettext("Received. Write more, or tap “Done”."),
            [Button(tr.gettext("Done"), "intake:done")],
        )
        return
    text = _text(turn)
    if text is None:
        turn.reply(_not_understood(turn) + "\n" + tr.gettext("Please write your question in words."))
        return
    # What they wrote is kept whole, however long; past the limit we stop asking for more.
    parts.append(text)
    set_step(conversation, "question", question=tuple(parts))
    if sum(len(p) for p in parts) > MAX_QUESTION_CHARS:
        turn.reply(tr.gettext("Thank you, we have kept all of it. A supporter will ask you if they need more."))
        _ask_confirm(turn, conversation)
        return
    turn.reply(
        tr.gettext("Received. Write more, or tap “Done”."),
        [Button(tr.gettext("Done"), "intake:done")],
    )


def summary_text(tr: Translator, hub_map: Any, state: IntakeState) -> str:
    prefecture = hub_map.prefectures.get(state.prefecture)
    place = prefecture_name(tr, prefecture) if prefecture else "-"
    return "\n".join(
        [
            tr.gettext("Area: {place}", place=place),
            tr.gettext("Topic: {topic}", topic=tr.gettext(TOPICS.get(state.topic or "other", TOPICS["other"]))),
            tr.gettext("Urgency: {urgency}", urgency=tr.gettext(URGENCY.get(state.urgency or "normal", ""))),
            tr.gettext("Your question:"),
            "\n".join(state.question),
            *([tr.gettext("Files attached: {n}", n=len(state.media))] if state.media else []),
        ]
    )


def _ask_confirm(turn: Turn, conversation: Conversation) -> None:
    tr = turn.tr
    turn.reply(
        tr.gettext("Please check your consultation.")
        + "\n\n"
        + summary_text(tr, turn.services.hub_map, intake_of(conversation)),
        [Button(tr.gettext("Send"), "confirm:send"), Button(tr.gettext("Change"), "confirm:edit")],
    )
    set_step(conversation, "confirm", editing=False)


def _after_answer(turn: Turn, conversation: Conversation, ask_next: Any) -> None:
    """After an answer: the next question, or back to the summary when the person was correcting one."""
    if intake_of(conversation).editing:
        _ask_confirm(turn, conversation)
    else:
        ask_next(turn, conversation)


async def _confirm(turn: Turn, conversation: Conversation) -> None:
    tr = turn.tr
    choice = _payload(turn, "confirm")
    if choice == "send":
        await cases.open_case(turn, conversation)
        return
    if choice == "edit":
        turn.reply(
            tr.gettext("What do you want to change?"),
            [
                Button(tr.gettext("Area"), "edit:region"),
                Button(tr.gettext("Topic"), "edit:topic"),
                Button(tr.gettext("Question"), "edit:question"),
                Button(tr.gettext("Urgency"), "edit:urgency"),
            ],
        )
        return
    field = _payload(turn, "edit")
    if field in ("region", "topic", "question", "urgency"):
        keep_intake(conversation, replace(intake_of(conversation), editing=field != "question"))
        {"region": _ask_region, "topic": _ask_topic, "question": _ask_question, "urgency": _ask_urgency}[field](
            turn, conversation
        )
        return
    turn.reply(_not_understood(turn) + "\n" + tr.gettext("Please tap “Send” or “Change”."))
    _ask_confirm(turn, conversation)


STEPS = {
    "start": _start,
    "language": _language,
    "consent": _consent,
    "declined": _declined,
    "urgency": _urgency,
    "region": _region,
    "topic": _topic,
    "question": _question,
    "confirm": _confirm,
}

_ASK_AGAIN = {"urgency": _ask_urgency, "region": _ask_region, "topic": _ask_topic, "confirm": _ask_confirm}
