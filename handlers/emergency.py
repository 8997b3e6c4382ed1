"""What to do in danger, in the reader's language: 110 and 119, the Japanese words to say, and the help lines.

A person may be in danger before they can read anything else we send, so the very first reply already carries
the two numbers and the words to say on the phone; the danger answer and /help add the help lines of the hub map.
The Japanese words stay Japanese (they are what the operator understands), with their sound in Latin letters and
their meaning in the reader's language.
"""

from __future__ import annotations

from handlers.i18n import N_, Translator
from scheduler.hubs import HELP_LINE, OPENING_HOURS, EmergencyContact, HubMap

JAPANESE = ("ja", "ja_easy")

# (the words in Japanese, how they sound, what they mean): said to the 110 or 119 operator.
WORDS_TO_SAY: tuple[tuple[str, str, str], ...] = (
    ("たすけて", "tasukete", N_("Help me!")),
    ("じけん です", "jiken desu", N_("(to 110) Something bad is happening.")),
    ("きゅうきゅうしゃ を おねがいします", "kyūkyūsha o onegai shimasu", N_("(to 119) Please send an ambulance.")),
    ("かじ です", "kaji desu", N_("(to 119) There is a fire.")),
    ("じゅうしょ は … です", "jūsho wa … desu", N_("My address is …")),
)


def call_now_text(tr: Translator) -> str:
    """110 and 119 and the words to say on the phone: short enough to come first of all."""
    lines = [
        tr.gettext("If your life is in danger, call now:"),
        tr.gettext("Police: 110. Fire or ambulance: 119. Both are free and work 24 hours."),
        tr.gettext("On the phone, you can say in Japanese:"),
    ]
    for japanese, sound, meaning in WORDS_TO_SAY:
        if tr.code in JAPANESE:
            lines.append(f"「{japanese}」")
        else:
            lines.append(f"「{japanese}」 ({sound}) – {tr.gettext(meaning)}")
    lines.append(tr.gettext("Say your address slowly. You can ask for an interpreter."))
    return "\n".join(lines)


def help_line(tr: Translator, contact: EmergencyContact) -> str:
    values = {
        "name": tr.pgettext(HELP_LINE, contact.label),
        "number": contact.number,
        "hours": tr.pgettext(OPENING_HOURS, contact.hours),
    }
    if contact.free:
        return tr.gettext("• {name}: {number} ({hours}, free call)", **values)
    return tr.gettext("• {name}: {number} ({hours}, call charges apply)", **values)


def help_lines_text(tr: Translator, hub_map: HubMap, hub_code: str | None = None) -> str:
    """The help lines of the hub map, the person's hub's own first, each with its hours and cost."""
    contacts = list(hub_map.national_contacts)
    if hub_code and hub_code in hub_map.hubs:
        contacts = list(hub_map.hubs[hub_code].emergency_contacts) + contacts
    return "\n".join([tr.gettext("Numbers that can help:"), *(help_line(tr, c) for c in contacts)])


def emergency_text(tr: Translator, hub_map: HubMap, hub_code: str | None = None) -> str:
    """Everything for a person in danger: what to call, what to say, and who else can help."""
    return call_now_text(tr) + "\n\n" + help_lines_text(tr, hub_map, hub_code)
