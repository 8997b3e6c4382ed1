"""Supporters join with an invite code and set up their profile with buttons; pause, resume, availability.

The profile is edited in place on the `supporters` row: each tap changes one thing and shows the menu again,
so a supporter who stops half-way is still registered with what they chose so far.
"""

from __future__ import annotations

import unicodedata

from handlers import days
from handlers.context import Turn
from handlers.flows import await_invite_code, awaits_invite_code, start_desk, start_intake
from handlers.i18n import N_, Translator, every_translation
from handlers.language import LANGUAGE_NAMES, SUPPORTED_LOCALES, resolve_language
from handlers.messages import PAYLOAD, TEXT, Button
from handlers.places import hub_name
from handlers.vocabulary import TOPICS
from storage.contacts import conversation_of
from storage.invites import redeem_invite
from storage.models import Supporter
from storage.supporters import supporter_of_contact

# Supporters' commands; each also works as its translated keyword ("command keyword" context).
SUPPORTER_COMMANDS = ("join", "pause", "resume", "available", "shifts", "profile")
CAPACITIES = (1, 2, 3, 5)
# Easy Japanese is served by Japanese speakers (see scheduler.routing.level), so it is not a separate skill.
SKILL_LANGUAGES = tuple(code for code in SUPPORTED_LOCALES if code != "ja_easy")
# A tap moves a language one step along: not spoken -> good -> native -> basic -> not spoken.
_NEXT_LEVEL = {0: 2, 2: 3, 3: 1, 1: 0}
LEVEL_NAMES = {1: N_("basic"), 2: N_("good"), 3: N_("native")}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().casefold()
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


_KEYWORDS: dict[str, str] | None = None


def _keywords() -> dict[str, str]:
    global _KEYWORDS
    if _KEYWORDS is None:
        table: dict[str, str] = {}
        for command in SUPPORTER_COMMANDS:
            for word in every_translation(command, context="command keyword").values():
                table.setdefault(_fold(word), command)
            table[f"/{command}"] = command
        _KEYWORDS = table
    return _KEYWORDS


def _command(turn: Turn) -> tuple[str, str] | None:
    """(command, argument) when the text is one of ours: "/join KX7P-M3QD" -> ("join", "KX7P-M3QD")."""
    inbound = turn.inbound
    if inbound is None or inbound.kind != TEXT or not inbound.text:
        return None
    word, _, rest = inbound.text.strip().partition(" ")
    command = _keywords().get(_fold(word).split("@")[0])  # Telegram appends @botname
    return (command, rest.strip()) if command else None


async def _supporter(turn: Turn) -> Supporter | None:
    return await supporter_of_contact(turn.session, turn.contact.id)


async def handle(turn: Turn) -> bool:
    """Handle a registration or availability event; True when it was one."""
    inbound = turn.message
    payload = inbound.payload if inbound.kind == PAYLOAD else None
    if payload and (payload.startswith("reg:") or payload.startswith("shift:")):
        supporter = await _supporter(turn)
        if supporter is None:
            return False
        if payload.startswith("reg:"):
            await _profile_tap(turn, supporter, payload.split(":")[1:])
        else:
            _, verb, day_id = ([*payload.split(":"), "", ""])[:3]
            if day_id.isdigit():
                if verb == "join":
                    await days.sign_up(turn, supporter, int(day_id))
                else:
                    await days.leave_shift(turn, supporter, int(day_id))
        return True
    if payload and payload.startswith("cmd:") and payload[4:] in SUPPORTER_COMMANDS[1:]:
        supporter = await _supporter(turn)
        if supporter is None:
            return False
        await _supporter_command(turn, supporter, payload[4:])
        return True
    found = _command(turn)
    if found is None:
        return await _awaited_code(turn)
    command, argument = found
    if command == "join":
        await _join(turn, argument)
        return True
    supporter = await _supporter(turn)
    if supporter is None:
        return False  # a migrant typing "pause" is not giving a command to us
    await _supporter_command(turn, supporter, command)
    return True


async def _awaited_code(turn: Turn) -> bool:
    """After a bare `/join`, the next text is the code."""
    inbound = turn.inbound
    if inbound is None or inbound.kind != TEXT or not inbound.text:
        return False
    conversation = await conversation_of(turn.session, turn.contact)
    if not awaits_invite_code(conversation):
        return False
    await _join(turn, inbound.text.strip())
    return True


async def _join(turn: Turn, code: str) -> None:
    contact = turn.contact
    if contact.locale is None:
        hint = turn.inbound.locale_hint if turn.inbound else None
        contact.locale, contact.locale_source = resolve_language(None, hint, None).locale, "platform"
    tr = turn.tr
    conversation = await conversation_of(turn.session, contact)
    if await _supporter(turn) is not None:
        turn.reply(tr.gettext("You are already registered as a supporter."))
        await show_profile(turn, await _require(turn))
        return
    if not code:
        await_invite_code(conversation)
        turn.reply(tr.gettext("Please send the invite code you received from your coordinator."))
        return
    supporter = await redeem_invite(turn.session, code, contact, turn.now)
    if supporter is None:
        start_intake(conversation)
        turn.reply(tr.gettext("This invite code is not valid. It may be used or expired. Please ask your coordinator."))
        return
    start_desk(conversation)
    turn.reply(tr.gettext("Welcome! You are now registered as a supporter. Let us set up your profile."))
    _ask_languages(turn, supporter)


class NotASupporter(LookupError):
    """A supporter's step ran for a person who is not registered as a supporter."""


async def _require(turn: Turn) -> Supporter:
    supporter = await _supporter(turn)
    if supporter is None:
        raise NotASupporter("this step is for registered supporters")
    return supporter


async def _supporter_command(turn: Turn, supporter: Supporter, command: str) -> None:
    tr = turn.tr
    if command == "pause":
        supporter.paused = True
        turn.reply(tr.gettext("Paused. You will get no new consultations until you send /resume."))
    elif command == "resume":
        supporter.paused = False
        turn.reply(tr.gettext("Welcome back. New consultations can come to you again."))
        await _take_waiting_cases(turn, supporter)
    elif command == "available":
        supporter.available = not supporter.available
        if supporter.available:
            turn.reply(tr.gettext("You are now available: consultations can come to you outside shifts too."))
            await _take_waiting_cases(turn, supporter)
        else:
            turn.reply(tr.gettext("You now get consultations only during your shifts."))
    elif command == "shifts":
        await days.show_shifts(turn, supporter)
    elif command == "profile":
        _ask_languages(turn, supporter)


async def _take_waiting_cases(turn: Turn, supporter: Supporter) -> None:
    """Someone became free: the queue in their languages gets another chance."""
    await turn.session.flush()
    await days.route_queued(turn, None, languages=_served_languages(supporter))


def _served_languages(supporter: Supporter) -> set[str]:
    spoken = set(supporter.languages)
    return spoken | {"ja_easy"} if "ja" in spoken else spoken


# --- the profile, one tap at a time -------------------------------------------------------------------


async def _profile_tap(turn: Turn, supporter: Supporter, parts: list[str]) -> None:
    what, value = ([*parts, "", ""])[:2]
    hub_map = turn.services.hub_map
    if what == "lang" and value in SKILL_LANGUAGES:
        languages = {code: int(level) for code, level in supporter.languages.items()}
        languages[value] = _NEXT_LEVEL[languages.get(value, 0)]
        supporter.languages = {code: level for code, level in languages.items() if level}
        _ask_languages(turn, supporter)
    elif what == "langs":
        if not supporter.languages:
            turn.reply(turn.tr.gettext("Please choose at least one language."))
            _ask_languages(turn, supporter)
        else:
            _ask_hubs(turn, supporter)
    elif what == "hub" and value in hub_map.hubs:
        supporter.hubs = _toggle(supporter.hubs, value)
        _ask_hubs(turn, supporter)
    elif what == "hubs":
        _ask_topics(turn, supporter)
    elif what == "topic" and value in TOPICS:
        supporter.topics = _toggle(supporter.topics, value)
        _ask_topics(turn, supporter)
    elif what == "topics":
        _ask_capacity(turn)
    elif what == "cap" and value.isdigit() and int(value) in CAPACITIES:
        supporter.capacity = int(value)
        _ask_roots(turn, supporter)
    elif what == "root" and value in SKILL_LANGUAGES:
        supporter.roots = _toggle(supporter.roots, value)
        _ask_roots(turn, supporter)
    elif what == "roots":
        await show_profile(turn, supporter)
    else:
        turn.reply(turn.tr.gettext("Sorry, I did not understand."))


def _toggle(values: list[str], value: str) -> list[str]:
    # JSON columns are not mutation-tracked: always assign a new list.
    return [v for v in values if v != value] if value in values else [*values, value]


def level_label(code: str, level: int) -> str:
    """A language button: its own name and one star per level, so it fits LINE's 20 characters in any language."""
    name = LANGUAGE_NAMES[code]
    return f"{name} {'★' * level}" if level else name


def level_legend(tr: Translator) -> str:
    return " · ".join(f"{'★' * level} {tr.gettext(LEVEL_NAMES[level])}" for level in sorted(LEVEL_NAMES) if level)


def _ask_languages(turn: Turn, supporter: Supporter) -> None:
    tr = turn.tr
    levels = {code: int(level) for code, level in supporter.languages.items()}
    turn.reply(
        tr.gettext("Which languages do you speak?")
        + "\n"
        + tr.gettext("Tap a language once for good, twice for native, three times for basic, four times to remove.")
        + "\n"
        + level_legend(tr),
        [Button(level_label(code, levels.get(code, 0)), f"reg:lang:{code}") for code in SKILL_LANGUAGES]
        + [Button(tr.gettext("Next"), "reg:langs")],
    )


def _ask_hubs(turn: Turn, supporter: Supporter) -> None:
    tr = turn.tr
    buttons = [
        Button(("✓ " if code in supporter.hubs else "") + hub_name(tr, hub), f"reg:hub:{code}")
        for code, hub in turn.services.hub_map.hubs.items()
    ]
    turn.reply(
        tr.gettext("Which regional hubs do you work with? Tap to choose or remove."),
        [*buttons, Button(tr.gettext("Next"), "reg:hubs")],
    )


def _ask_topics(turn: Turn, supporter: Supporter) -> None:
    tr = turn.tr
    buttons = [
        Button(("✓ " if code in supporter.topics else "") + tr.gettext(label), f"reg:topic:{code}")
        for code, label in TOPICS.items()
    ]
    turn.reply(
        tr.gettext("Which topics do you know well? Tap to choose or remove."),
        [*buttons, Button(tr.gettext("Next"), "reg:topics")],
    )


def _ask_capacity(turn: Turn) -> None:
    tr = turn.tr
    turn.reply(
        tr.gettext("How many consultations can you handle at the same time?"),
        [Button(str(n), f"reg:cap:{n}") for n in CAPACITIES],
    )


def _ask_roots(turn: Turn, supporter: Supporter) -> None:
    tr = turn.tr
    buttons = [
        Button(("✓ " if code in supporter.roots else "") + LANGUAGE_NAMES[code], f"reg:root:{code}")
        for code in SKILL_LANGUAGES
        if code not in ("ja", "en")
    ]
    turn.reply(
        tr.gettext(
            "Optional: do you have roots in one of these language communities? "
            "We sometimes match people with a supporter of the same background."
        ),
        [*buttons, Button(tr.gettext("Done"), "reg:roots")],
    )


async def show_profile(turn: Turn, supporter: Supporter) -> None:
    tr = turn.tr
    hubs = turn.services.hub_map.hubs
    languages = ", ".join(
        f"{LANGUAGE_NAMES.get(code, code)} ({tr.gettext(LEVEL_NAMES[int(level)])})"
        for code, level in supporter.languages.items()
    )
    hub_names = ", ".join(hub_name(tr, hubs[code]) if code in hubs else code for code in supporter.hubs)
    topics = ", ".join(tr.gettext(TOPICS[code]) for code in supporter.topics if code in TOPICS)
    turn.reply(
        "\n".join(
            [
                tr.gettext("Your profile:"),
                tr.gettext("Languages: {languages}", languages=languages or "—"),
                tr.gettext("Hubs: {hubs}", hubs=hub_names or "—"),
                tr.gettext("Topics: {topics}", topics=topics or "—"),
                tr.gettext("At the same time: up to {n}", n=supporter.capacity),
                "",
                tr.gettext("/shifts – sign up for consultation days"),
                tr.gettext("/available – also take consultations outside shifts"),
                tr.gettext("/pause and /resume – stop and restart new consultations"),
                tr.gettext("/profile – change your profile"),
            ]
        ),
        [Button(tr.gettext("Consultation days"), "cmd:shifts")],
    )
