"""Help for replies in easy Japanese (やさしい日本語): readings for kanji and a warning on long sentences.

A supporter's reply to an easy-Japanese case is held as a draft: they see it with hiragana readings after each
word that has kanji, with long sentences flagged, and choose to send it with readings, as written, or not at all.
"""

from __future__ import annotations

import re
from functools import cache

import fugashi

from handlers import desk
from handlers.context import Turn
from handlers.desk import Draft
from handlers.messages import Button
from storage.models import Case

EASY_JAPANESE = "ja_easy"
LONG_SENTENCE = 30  # characters; easy-Japanese guides advise short sentences

_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ]")
_SENTENCE_END = re.compile(r"(?<=[。！？!?\n])")


@cache
def _tagger() -> fugashi.Tagger:
    return fugashi.Tagger()


def to_hiragana(katakana: str) -> str:
    return "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in katakana)


def with_readings(text: str) -> str:
    """`text` with the hiragana reading in parentheses after every word written with kanji."""
    out: list[str] = []
    for line in text.split("\n"):
        parts: list[str] = []
        for word in _tagger()(line):
            parts.append(word.white_space + word.surface)
            if _KANJI.search(word.surface):
                kana = getattr(word.feature, "kana", None)
                if kana and kana != "*":
                    parts.append(f"({to_hiragana(kana)})")
        out.append("".join(parts))
    return "\n".join(out)


def long_sentences(text: str, limit: int = LONG_SENTENCE) -> list[str]:
    """The sentences longer than `limit` characters, as written."""
    sentences = (s.strip() for s in _SENTENCE_END.split(text))
    return [s for s in sentences if len(s) > limit]


async def show_draft(turn: Turn, case: Case, text: str) -> None:
    """Hold the reply as a draft and show it with readings, asking how to send it."""
    await desk.change(turn, draft=Draft(case.id, text))
    tr = turn.tr
    lines = [
        tr.gettext("Case {number} is in easy Japanese. With readings:", number=case.number),
        with_readings(text),
    ]
    long = long_sentences(text)
    if long:
        lines.append(tr.gettext("These sentences are long. Shorter sentences are easier to read:"))
        lines += [f"・{s}" for s in long]
    turn.reply(
        "\n".join(lines),
        [
            Button(tr.gettext("Send with readings"), f"case:{case.id}:draft:ruby"),
            Button(tr.gettext("Send as written"), f"case:{case.id}:draft:plain"),
            Button(tr.gettext("Cancel"), f"case:{case.id}:draft:cancel"),
        ],
    )


async def take_draft(turn: Turn, case: Case, choice: str) -> str | None:
    """The text to send for the supporter's choice, or None (cancelled, or no draft for this case)."""
    draft = (await desk.desk_of(turn)).draft
    await desk.change(turn, draft=None)
    tr = turn.tr
    if draft is None or draft.case_id != case.id:
        turn.reply(tr.gettext("There is no draft to send."))
        return None
    if choice == "cancel":
        turn.reply(tr.gettext("The draft was not sent."))
        return None
    text = draft.text
    return with_readings(text) if choice == "ruby" else text
