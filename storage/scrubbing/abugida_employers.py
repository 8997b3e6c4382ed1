"""Small Japanese companies written in Thai, Khmer, Burmese, Nepali and Sinhala letters: a Japanese name, then a
Japanese trade word as it sounds ("มารุยามะ โคเงียว", "ซันวะ เซโกะ", "मारुई डेन्की", "कोबायासी शोकाई", "មារូយ៉ាម៉ា
កូហ្គ្យូ"). The trade word is recognised by its sound (abugida.py's syllable keys of the romaji trade words); the
word before it is the company's name when it too is written as Japanese names are, every vowel written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from storage.scrubbing import lexicon as lx
from storage.scrubbing.abugida import fold, read_word, romaji_key
from storage.scrubbing.japanese import is_place
from storage.scrubbing.patterns import nfkc

Span = tuple[str, int, int]

# A word of one of the five scripts, and the word before it: (previous word, space, word).
_WORD_PAIRS = (
    (re.compile(r"[\u0e01-\u0e4e]+[ \t][\u0e01-\u0e4e]+"), "th"),
    (re.compile(r"[\u1780-\u17d3]+[ \t][\u1780-\u17d3]+"), "km"),
    (re.compile(r"[\u1000-\u1049\u104c-\u109f]+[ \t][\u1000-\u1049\u104c-\u109f]+"), "my"),
    (re.compile(r"[\u0900-\u0963\u0971-\u097f\u200c\u200d]+[ \t][\u0900-\u0963\u0971-\u097f\u200c\u200d]+"), "ne"),
    (re.compile(r"[\u0d80-\u0df4\u200c\u200d]+[ \t][\u0d80-\u0df4\u200c\u200d]+"), "si"),
)


@cache
def _trade_keys(folded: bool) -> frozenset[tuple[str, ...]]:
    keys = [romaji_key(w) for w in lx.EMPLOYER_SUFFIXES_ROMAJI if w.isascii() and w.isalpha()]
    keys.append(("u", "N", "Yu"))  # un'yu: उन्यु, the n closing its syllable
    return frozenset(fold(k) if folded else k for k in keys if len(k) >= 2)


def find_abugida_employers(text: str, lower: str) -> Iterator[Span]:
    for pattern, script in _WORD_PAIRS:
        first = pattern.search(text)
        if first is None:
            continue
        folded = script == "km"
        trades = _trade_keys(folded)
        pos = first.start()
        while (m := pattern.search(text, pos)) is not None:
            name, trade = m.group().split(maxsplit=1)
            trade_start = m.end() - len(trade)
            pos = trade_start  # the trade word may be the name of the next pair
            trade_key, _ = read_word(script, trade)
            if (fold(trade_key) if folded else trade_key) not in trades:
                continue
            name_key, all_written = read_word(script, name)
            if len(name_key) >= 2 and all_written and (fold(name_key) if folded else name_key) not in trades:
                yield "EMPLOYER", m.start(), m.end()


# ---------------------------------------------------------------- a company in Latin letters, named by a local word

# Words for a company, shop, restaurant, factory or union, written before its name: "ร้านนวด Bangkok Spa",
# "කම්පැනිය Daiwa Press", "សហជីព Hokuriku Kyodo", "पसल Everest Kitchen".
_WORKPLACE_BEFORE = (
    "บริษัท ร้านนวด ร้านอาหาร ร้าน โรงงาน โรงแรม ฟาร์ม สหภาพ "
    "ក្រុមហ៊ុន សហជីព រោងចក្រ ហាង ភោជនីយដ្ឋាន កសិដ្ឋាន "
    "ကုမ္ပဏီ ဆိုင် စက်ရုံ စားသောက်ဆိုင် "
    "कम्पनी पसल रेस्टुरेन्ट रेष्टुरेन्ट होटल फ्याक्ट्री कारखाना "
    "කම්පැනිය කම්පැණිය සමාගම ෆැක්ටරිය ආයතනය කඩේ අවන්හල"
)
_LATIN_COMPANY = r"[A-Z][A-Za-z0-9&\-]*(?:[ \t](?:&[ \t])?[A-Z][A-Za-z0-9&\-]*){0,3}"
_COMPANY_AFTER_WORD = re.compile(
    r"(?:" + "|".join(re.escape(w) for w in sorted(lx.words(_WORKPLACE_BEFORE), key=len, reverse=True)) + r")"
    rf"[ \t]?:?[ \t]?(?P<name>{_LATIN_COMPANY})"
)
# "Fresh Delica bhanne bento factory", "Lanka Auto Trading කියන": a name, then "called", then a word of work.
_COMPANY_CALLED = re.compile(
    rf"(?P<name>{_LATIN_COMPANY})[ \t](?:bhanne|भन्ने|කියන|ဆိုတဲ့|ဆိုတာ|ที่ชื่อ|ឈ្មោះ)[ \t]"
    r"(?=[a-z ]{0,12}(?:factory|company|kompani|restaurant|shop|pasal|hotel|farm|kitchen)|"
    r"कम्पनी|पसल|फ्याक्ट्री|होटल|කම්පැනිය|ෆැක්ටරිය|ကုမ္ပဏီ|စက်ရုံ|บริษัท|โรงงาน|ក្រុមហ៊ុន|រោងចក្រ)"
)
WORKPLACE_HINT = re.compile(
    "|".join(re.escape(w) for w in lx.words(_WORKPLACE_BEFORE)) + r"|bhanne|भन्ने|කියන|ဆိုတဲ့|ဆိုတာ|ที่ชื่อ|ឈ្មោះ"
)


# "เจ้าของร้าน Sakuma": the owner of the shop is a person.
_OWNER_BEFORE = re.compile(nfkc(r"(?:เจ้าของ|ម្ចាស់|ថៅកែ|मालिक|साहू|අයිතිකාරයා|ပိုင်ရှင်)[ \t]?$"))


# Words of time in Latin letters that follow a word of work: "कम्पनी April देखि", "ร้าน Monday".
_TIME_WORDS = frozenset(
    lx.words(
        "january february march april may june july august september october november december jan feb mar apr jun "
        "jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday today tomorrow"
    )
)


def find_latin_workplaces(text: str, lower: str) -> Iterator[Span]:
    for pattern in (_COMPANY_AFTER_WORD, _COMPANY_CALLED):
        for m in pattern.finditer(text):
            name = m.group("name")
            first = name.split()[0]
            if first.lower() in lx.NOT_A_NAME or first.lower() in _TIME_WORDS or is_place(name):
                continue
            if pattern is _COMPANY_AFTER_WORD and _OWNER_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                continue
            yield "EMPLOYER", m.start("name"), m.end("name")
