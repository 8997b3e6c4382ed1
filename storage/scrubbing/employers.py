"""Small companies named by a trade word in kana or Hangul: "わたなべこうぎょう", "まるいち せいき", "스즈키 덴키".

Easy Japanese writes a company in hiragana, and Korean writes a Japanese company in Hangul; the trade word
(こうぎょう "industries", しょくひん "foods", 덴키 "electric") says the word before it is the company's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storage.scrubbing import lexicon as lx
from storage.scrubbing.patterns import HAN, HIRAGANA, KATAKANA

Span = tuple[str, int, int]

_KANA_TRADE = "|".join(sorted(lx.EMPLOYER_SUFFIXES_KANA, key=len, reverse=True))
# The name is a word of kana or kanji right before the trade word, joined to it or one space apart; a trade
# word ends at a space, punctuation or a particle ("ひかり しょくひん です", "まるいち せいき) は").
_KANA_COMPANY = re.compile(
    rf"(?<![{HIRAGANA}{KATAKANA}{HAN}])(?P<name>[{HIRAGANA}{KATAKANA}{HAN}]{{2,8}}?)[ \t]?(?:{_KANA_TRADE})"
    rf"(?=$|[\s、。,.!?)）」』]|です|でし|で|に|の|は|が|を|から|へ|と|も)"
)
_KANA_TRADE_HINT = re.compile(_KANA_TRADE)
# A word that ends in a particle or is an adjective is not a name: "へやの でんき", "たかい でんき".
_NOT_A_NAME_END = tuple("のはがをにでともへやいよねか")
_HANGUL_TRADE = "|".join(sorted(lx.EMPLOYER_SUFFIXES_HANGUL, key=len, reverse=True))
# After a Hangul word: a particle may follow the trade word ("다이요 화학에서").
HANGUL_TRADE_AT = re.compile(
    rf"[ \t](?:{_HANGUL_TRADE})(?=$|[^가-힣]|에서|에|은|는|이|가|의|을|를|과|와|로|으로|입니다|예요|이에요)"
)


def find_kana_companies(text: str) -> Iterator[Span]:
    if not _KANA_TRADE_HINT.search(text):
        return
    for m in _KANA_COMPANY.finditer(text):
        name = m.group("name")
        if name.endswith(_NOT_A_NAME_END) or name in lx.EMPLOYER_NOT_A_NAME_JA or name in lx.EMPLOYER_NOT_A_NAME_KANA:
            continue
        yield "EMPLOYER", m.start("name"), m.end()


def hangul_trade_end(text: str, end: int) -> int | None:
    """Where a company's name written in Hangul ends when a trade word follows it: "스즈키 덴키", "다이요 화학"."""
    m = HANGUL_TRADE_AT.match(text, end)
    return m.end() if m else None
